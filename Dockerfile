# syntax=docker/dockerfile:1

# ---- build: restore with only the project files first, so the package layer is reused until a dependency changes
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY BakeryOps.Domain/BakeryOps.Domain.csproj BakeryOps.Domain/
COPY BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj BakeryOps.Infrastructure/
COPY BakeryOps.Portal/BakeryOps.Portal.csproj BakeryOps.Portal/
RUN dotnet restore BakeryOps.Portal/BakeryOps.Portal.csproj

# .editorconfig takes part in the build: code-style rules are errors (Directory.Build.props).
COPY .editorconfig ./
COPY BakeryOps.Domain/ BakeryOps.Domain/
COPY BakeryOps.Infrastructure/ BakeryOps.Infrastructure/
COPY BakeryOps.Portal/ BakeryOps.Portal/
RUN dotnet publish BakeryOps.Portal/BakeryOps.Portal.csproj -c Release --no-restore -o /app/publish -p:UseAppHost=false

# ---- runtime
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# curl for the health check; tzdata so Jobs:TimeZone ids such as Australia/Sydney resolve; the OpenLDAP client library
# for LDAP sign-in (System.DirectoryServices.Protocols loads it): libldap2 on the Ubuntu base, libldap-2.5-0 on Debian 12.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tzdata \
 && (apt-get install -y --no-install-recommends libldap2 || apt-get install -y --no-install-recommends libldap-2.5-0) \
 && rm -rf /var/lib/apt/lists/*

# The data directory must exist and belong to the app user before it is declared a volume.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data

ENV ASPNETCORE_HTTP_PORTS=8080 \
    BAKERYOPS_DATA_DIR=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]

WORKDIR /app
COPY --from=build /app/publish .

USER $APP_UID
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://localhost:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "BakeryOps.Portal.dll"]
