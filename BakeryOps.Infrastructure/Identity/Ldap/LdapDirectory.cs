using System.DirectoryServices.Protocols;
using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>
/// Checks a user name and password against the directory: searches the user with an escaped filter as the search
/// account (or anonymously), reads the groups, then binds as the found DN with the password. The servers of
/// <c>Ldap:Url</c> are tried in order until one answers.
/// </summary>
/// <remarks>
/// System.DirectoryServices.Protocols is synchronous (libldap on Linux); each attempt runs on the thread pool and
/// is abandoned, not awaited, once its time is up, so a server that accepts the connection and then hangs cannot
/// hold a sign-in longer than the configured timeouts.
/// </remarks>
public sealed partial class LdapDirectory(IOptions<LdapOptions> options, DataDirectory dataDirectory, ILogger<LdapDirectory> logger)
{
    private const int InvalidCredentialsCode = 49;

    private static readonly MethodInfo? ConnectMethod =
        typeof(LdapConnection).GetMethod("Connect", BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);

    private static readonly FieldInfo? ConnectedField =
        typeof(LdapConnection).GetField("_connected", BindingFlags.NonPublic | BindingFlags.Instance);

    // Made once; a failed copy (checked at start, so unlikely) makes every attempt "unavailable" with the reason logged.
    private readonly Lazy<string?> _caDirectory = new(() => PrepareCaDirectory(options.Value, dataDirectory));

    public bool Enabled => options.Value.Enabled;

    public async Task<LdapAuthentication> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return new LdapAuthentication.Unavailable("Directory sign-in is not configured.");
        }

        // A simple bind with a DN and an empty password is an "unauthenticated bind" that many servers accept
        // (RFC 4513 5.1.2), so an empty password must never reach the server.
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return new LdapAuthentication.InvalidCredentials();
        }

        var failures = new List<string>();
        var failedFast = new List<LdapServer>();
        foreach (var server in settings.Servers)
        {
            var (result, timedOut) = await AttemptAsync(server, userName, password, settings, failures, cancellationToken);
            if (result is not LdapAuthentication.Unavailable)
            {
                return result;
            }

            if (!timedOut)
            {
                failedFast.Add(server);
            }
        }

        // A reset connection or a handshake cut short by a busy server is often gone a moment later: each server that
        // failed at once gets one more try. One that did not answer in time is not waited for again.
        foreach (var server in failedFast)
        {
            var (result, _) = await AttemptAsync(server, userName, password, settings, failures, cancellationToken);
            if (result is not LdapAuthentication.Unavailable)
            {
                return result;
            }
        }

        return new LdapAuthentication.Unavailable(string.Join("; ", failures));
    }

    private async Task<(LdapAuthentication Result, bool TimedOut)> AttemptAsync(
        LdapServer server, string userName, string password, LdapOptions settings, List<string> failures, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LdapAuthentication result;
        var timedOut = false;
        try
        {
            // Connect + TLS, then at most three operations (user search, group search, bind).
            result = await Task.Run(() => Authenticate(server, userName, password, settings), CancellationToken.None)
                .WaitAsync(settings.ConnectTimeout + (3 * settings.OperationTimeout), cancellationToken);
        }
        catch (TimeoutException)
        {
            result = new LdapAuthentication.Unavailable($"{server} did not answer in time");
            timedOut = true;
        }

        if (result is LdapAuthentication.Unavailable unavailable)
        {
            LogServerUnavailable(logger, server.ToString(), unavailable.Reason);
            failures.Add($"{server}: {unavailable.Reason}");
        }

        return (result, timedOut);
    }

    private LdapAuthentication Authenticate(LdapServer server, string userName, string password, LdapOptions settings)
    {
        LdapConnection connection;
        try
        {
            connection = Connect(server, settings);
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return new LdapAuthentication.Unavailable(Describe(e));
        }

        using (connection)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(settings.BindDn))
                {
                    connection.AuthType = AuthType.Anonymous;
                    connection.Bind();
                }
                else
                {
                    connection.Bind(new NetworkCredential(settings.BindDn, settings.BindPassword));
                }
            }
            catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode)
            {
                LogSearchAccountRefused(logger, settings.BindDn ?? "(anonymous)");
                return new LdapAuthentication.Unavailable("the search account (Ldap:BindDn) was refused");
            }
            catch (Exception e) when (e is LdapException or DirectoryOperationException)
            {
                return new LdapAuthentication.Unavailable(Describe(e));
            }

            try
            {
                var user = FindUser(connection, userName, settings);
                if (user is null)
                {
                    return new LdapAuthentication.InvalidCredentials();
                }

                var groups = ReadGroups(connection, user, settings);

                // The bind proves the password; nothing is read as the user afterwards.
                connection.AuthType = AuthType.Basic;
                connection.Bind(new NetworkCredential(user.DistinguishedName, password));

                return new LdapAuthentication.Succeeded(
                    user.DistinguishedName,
                    First(user, settings.UserAttribute) ?? userName,
                    First(user, "displayName") ?? First(user, "cn"),
                    First(user, "mail"),
                    groups);
            }
            catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode)
            {
                return new LdapAuthentication.InvalidCredentials();
            }
            catch (Exception e) when (e is LdapException or DirectoryOperationException)
            {
                return new LdapAuthentication.Unavailable(Describe(e));
            }
        }
    }

    private LdapConnection Connect(LdapServer server, LdapOptions settings)
    {
        var identifier = new LdapDirectoryIdentifier(server.Host, server.Port, fullyQualifiedDnsHostName: true, connectionless: false);
        var connection = new LdapConnection(identifier) { AuthType = AuthType.Basic, Timeout = settings.OperationTimeout };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = ReferralChasingOptions.None;
            session.SecureSocketLayer = server.TlsMode == LdapTlsMode.Ldaps;

            // Windows checks the certificate against its own store (a private CA goes there); elsewhere libldap
            // does, with the CA folder below. libldap reads TLS settings into a context when one is made, so a
            // new one is needed for the folder to count. Its checks stay at libldap's default, "demand": an
            // untrusted chain or a host name that does not match ends the handshake.
            if (!OperatingSystem.IsWindows())
            {
                if (_caDirectory.Value is { } caDirectory)
                {
                    session.TrustedCertificatesDirectory = caDirectory;
                }

                session.StartNewTlsSessionContext();
            }
            if (server.TlsMode == LdapTlsMode.StartTls)
            {
                SetServerAddress(connection);
                session.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// On Linux, System.DirectoryServices.Protocols (10.0 and 11.0) hands libldap the server's URL only on the first
    /// bind or request, so StartTLS before the bind fails with "The LDAP server is unavailable". Binding first would
    /// send the bind in the clear; instead the connection's own (non-public) Connect sets the URL, which sends
    /// nothing. When a later version no longer has these members it is assumed to do this itself; the StartTLS
    /// tests would fail if not.
    /// </summary>
    private static void SetServerAddress(LdapConnection connection)
    {
        if (OperatingSystem.IsWindows() || ConnectMethod is null || ConnectedField is null || (bool)ConnectedField.GetValue(connection)!)
        {
            return;
        }

        try
        {
            ConnectMethod.Invoke(connection, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }

        ConnectedField.SetValue(connection, true);
    }

    private SearchResultEntry? FindUser(LdapConnection connection, string userName, LdapOptions settings)
    {
        var attributes = new List<string> { settings.UserAttribute, "cn", "displayName", "mail" };
        if (!string.IsNullOrWhiteSpace(settings.GroupAttribute))
        {
            attributes.Add(settings.GroupAttribute);
        }

        var request = new SearchRequest(
            settings.EffectiveUserSearchBase,
            LdapFilter.Equality(settings.UserFilter, settings.UserAttribute, userName),
            SearchScope.Subtree,
            [.. attributes])
        {
            // Two is enough to see that a name is ambiguous.
            SizeLimit = 2,
            TimeLimit = settings.OperationTimeout,
        };

        SearchResponse response;
        try
        {
            response = (SearchResponse)connection.SendRequest(request, settings.OperationTimeout);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            LogAmbiguousUser(logger, userName);
            return null;
        }

        if (response.Entries.Count > 1)
        {
            LogAmbiguousUser(logger, userName);
            return null;
        }

        return response.Entries.Count == 1 ? response.Entries[0] : null;
    }

    private static List<string> ReadGroups(LdapConnection connection, SearchResultEntry user, LdapOptions settings)
    {
        var groups = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.GroupAttribute))
        {
            groups.AddRange(Values(user, settings.GroupAttribute));
        }

        if (!string.IsNullOrWhiteSpace(settings.GroupSearchBase))
        {
            var filter = $"(&{settings.GroupFilter}({settings.GroupMemberAttribute}={LdapFilter.Escape(user.DistinguishedName)}))";
            var request = new SearchRequest(settings.GroupSearchBase, filter, SearchScope.Subtree, "cn")
            {
                TimeLimit = settings.OperationTimeout,
            };
            var response = (SearchResponse)connection.SendRequest(request, settings.OperationTimeout);
            groups.AddRange(response.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName));
        }

        return [.. groups.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static string? First(SearchResultEntry entry, string attribute) => Values(entry, attribute).FirstOrDefault();

    private static IEnumerable<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { } values
            ? values.GetValues(typeof(string)).Cast<string>().Where(v => !string.IsNullOrWhiteSpace(v))
            : [];

    private static string Describe(Exception e) => e switch
    {
        LdapException ldap when !string.IsNullOrEmpty(ldap.ServerErrorMessage) => $"{ldap.Message} ({ldap.ServerErrorMessage})",
        _ => e.Message,
    };

    /// <summary>
    /// A folder that holds only a copy of <c>Ldap:CaCertificatePath</c>, so no other certificate that happens to
    /// sit beside the configured file is trusted (libldap trusts every certificate of the folder it is given).
    /// </summary>
    private static string? PrepareCaDirectory(LdapOptions settings, DataDirectory dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(settings.CaCertificatePath))
        {
            return null;
        }

        var folder = dataDirectory.Combine("ldap-ca");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.Copy(settings.CaCertificatePath, Path.Combine(folder, "ca.pem"));
        return folder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory server {Server} is unavailable: {Reason}")]
    private static partial void LogServerUnavailable(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The directory refused the search account {BindDn}: check Ldap:BindDn and Ldap:BindPassword")]
    private static partial void LogSearchAccountRefused(ILogger logger, string bindDn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "More than one directory entry matches the user name {UserName}; sign-in refused")]
    private static partial void LogAmbiguousUser(ILogger logger, string userName);
}
