# shellcheck shell=bash
# scripts/lib/slapd.sh — a throwaway OpenLDAP slapd with TLS on free 127.0.0.1 ports (sourced, not executed).
# Used by scripts/test.sh. Needs scripts/lib/common.sh (sourced here when missing).
#
#   slapd_installed        true when slapd, slapadd, ldapsearch and openssl are installed
#   slapd_install          apt-get install slapd ldap-utils openssl without starting the distribution's own slapd
#   slapd_start DIR        in DIR/slapd: a throwaway CA and a server certificate for 127.0.0.1/localhost (openssl),
#                          a slapd.conf (mdb, memberof overlay), the directory loaded from an LDIF with slapadd,
#                          then slapd as the current user listening on ldap:// (StartTLS) and ldaps:// ports;
#                          also ldaps:// on 127.0.0.2, a name the certificate does not hold (host name check).
#                          Sets SLAPD_DIR, SLAPD_PID, SLAPD_LDAP_PORT, SLAPD_LDAPS_PORT, SLAPD_BASE_DN,
#                          SLAPD_ADMIN_DN, SLAPD_ADMIN_PASSWORD, SLAPD_READER_DN, SLAPD_READER_PASSWORD.
#   slapd_stop             stop it; no-op when none was started
#
# The directory: ou=people, ou=groups (groupOfNames bakery-admins, planners, viewers; each holds the reader
# account so it is never empty), ou=services (cn=portal-reader, the search account, the only one besides the
# root DN that may read entries). Tests add their own users and group members through the admin DN.

# shellcheck source=scripts/lib/common.sh
declare -F free_port >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Never inherited from the environment: slapd_stop must only ever stop the slapd slapd_start started.
SLAPD_DIR="" SLAPD_PID="" SLAPD_LDAP_PORT="" SLAPD_LDAPS_PORT=""
SLAPD_BASE_DN="dc=bakeryops,dc=test"
SLAPD_ADMIN_DN="cn=admin,$SLAPD_BASE_DN"
SLAPD_READER_DN="cn=portal-reader,ou=services,$SLAPD_BASE_DN"
SLAPD_ADMIN_PASSWORD="" SLAPD_READER_PASSWORD=""

slapd_installed() { [[ -x /usr/sbin/slapd && -x /usr/sbin/slapadd && -x /usr/bin/ldapsearch ]] && command -v openssl >/dev/null; }

slapd_install() { apt_install_without_starting slapd ldap-utils openssl; }

slapd_start() {
  local dir=$1
  SLAPD_DIR="$dir/slapd"
  mkdir -p "$SLAPD_DIR/data"
  chmod 700 "$SLAPD_DIR"
  SLAPD_ADMIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  SLAPD_READER_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

  # ---- a throwaway CA and a server certificate it signs (the portal trusts only this CA in the tests)
  (
    cd "$SLAPD_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=BakeryOps test LDAP CA" \
      -keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -extfile server.ext -out server.crt 2>/dev/null
    chmod 600 ca.key server.key
  ) || die "openssl could not make the test CA and server certificate"

  cat >"$SLAPD_DIR/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile $SLAPD_DIR/slapd.pid
argsfile $SLAPD_DIR/slapd.args
TLSCACertificateFile $SLAPD_DIR/ca.crt
TLSCertificateFile $SLAPD_DIR/server.crt
TLSCertificateKeyFile $SLAPD_DIR/server.key

database mdb
suffix "$SLAPD_BASE_DN"
rootdn "$SLAPD_ADMIN_DN"
rootpw $SLAPD_ADMIN_PASSWORD
directory $SLAPD_DIR/data
maxsize 104857600
index objectClass,uid,cn,member eq
overlay memberof
# Passwords: only bind may use them. Entries: the search account reads, everyone reads their own entry.
access to attrs=userPassword by anonymous auth by self =xw by * none
access to * by dn.exact="$SLAPD_READER_DN" read by self read by * none
EOF

  local base=$SLAPD_BASE_DN
  cat >"$SLAPD_DIR/seed.ldif" <<EOF
dn: $base
objectClass: top
objectClass: dcObject
objectClass: organization
o: BakeryOps test
dc: bakeryops

dn: ou=people,$base
objectClass: organizationalUnit
ou: people

dn: ou=groups,$base
objectClass: organizationalUnit
ou: groups

dn: ou=services,$base
objectClass: organizationalUnit
ou: services

dn: $SLAPD_READER_DN
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: portal-reader
userPassword: $SLAPD_READER_PASSWORD
EOF
  local group
  for group in bakery-admins planners viewers; do
    printf '\ndn: cn=%s,ou=groups,%s\nobjectClass: groupOfNames\ncn: %s\nmember: %s\n' \
      "$group" "$base" "$group" "$SLAPD_READER_DN" >>"$SLAPD_DIR/seed.ldif"
  done

  # slapadd does not run overlays: the reader's memberOf values are not needed by any test.
  /usr/sbin/slapadd -q -f "$SLAPD_DIR/slapd.conf" -l "$SLAPD_DIR/seed.ldif" >"$SLAPD_DIR/slapadd.log" 2>&1 \
    || { cat "$SLAPD_DIR/slapadd.log" >&2; die "slapadd could not load the test directory"; }

  SLAPD_LDAP_PORT=$(free_port) || die "no free port for slapd"
  SLAPD_LDAPS_PORT=$(free_port) || die "no free port for slapd (ldaps)"
  [[ $SLAPD_LDAP_PORT != "$SLAPD_LDAPS_PORT" ]] || SLAPD_LDAPS_PORT=$(free_port)
  # -d 0: stay in the foreground (no fork), so $! is slapd itself and the log goes to the file.
  /usr/sbin/slapd -d 0 -f "$SLAPD_DIR/slapd.conf" \
    -h "ldap://127.0.0.1:$SLAPD_LDAP_PORT/ ldaps://127.0.0.1:$SLAPD_LDAPS_PORT/ ldaps://127.0.0.2:$SLAPD_LDAPS_PORT/" \
    >"$SLAPD_DIR/slapd.log" 2>&1 </dev/null &
  SLAPD_PID=$!

  local deadline=$((SECONDS + 30))
  until LDAPTLS_CACERT="$SLAPD_DIR/ca.crt" ldapsearch -x -LLL -H "ldaps://127.0.0.1:$SLAPD_LDAPS_PORT" \
    -D "$SLAPD_READER_DN" -w "$SLAPD_READER_PASSWORD" -b "ou=groups,$base" -s one cn >/dev/null 2>&1; do
    kill -0 "$SLAPD_PID" 2>/dev/null || { cat "$SLAPD_DIR/slapd.log" >&2; die "slapd exited"; }
    ((SECONDS < deadline)) || { cat "$SLAPD_DIR/slapd.log" >&2; die "slapd did not answer within 30 s"; }
    sleep 0.2
  done
}

slapd_stop() {
  if [[ -n $SLAPD_PID ]]; then
    stop_process "$SLAPD_PID" 50
    SLAPD_PID=""
  fi
  return 0
}
