# QuantGrid silo. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t quantgrid/silo:0.1.0 .
#   docker build -f deploy/docker/silo.Dockerfile --build-arg TORCH=cuda -t quantgrid/silo-gpu:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH=cpu
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -r linux-x64 --self-contained false -p:QuantGridTorch=${TORCH} -o /app

# The .NET 10 runtime images ship a libstdc++ that provides GLIBCXX_3.4.32, so TorchSharp loads without
# the engine's build-output patch (the root filesystem is read-only at run time).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --gid 10001 quantgrid && useradd --uid 10001 --gid 10001 --no-create-home quantgrid
WORKDIR /app
COPY --from=build --chown=root:root /app .
USER 10001:10001
ENV DOTNET_gcServer=0 \
    Urls=http://0.0.0.0:8080 \
    QuantGrid__Worker__ArtifactDirectory=/artifacts
EXPOSE 11111 30000 8080
ENTRYPOINT ["dotnet", "QuantGrid.Silo.dll"]
