# The quantgrid CLI as a cluster client. Build from the repository root:
#   docker build -f deploy/docker/client.Dockerfile -t quantgrid/client:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Client/Client.csproj -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
RUN groupadd --gid 10001 quantgrid && useradd --uid 10001 --gid 10001 --no-create-home quantgrid
WORKDIR /app
COPY --from=build --chown=root:root /app .
USER 10001:10001
ENTRYPOINT ["dotnet", "quantgrid.dll"]
