# Zane's image, for running it as a Swarm service (deploy/docker-stack.yml). Where no registry is
# reachable, scripts/build-zane-image.sh makes the same image from a local build.
FROM swift:6.2-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product zane --static-swift-stdlib \
    && mkdir /out && cp .build/release/zane /out/ && cp -r .build/release/*.resources /out/

FROM debian:bookworm-slim
# git: git services are fetched with the git CLI.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates git libstdc++6 zlib1g \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /app/
WORKDIR /app
ENV ZANE_DATA_DIR=/var/lib/zane
EXPOSE 8000
CMD ["/app/zane", "serve", "--hostname", "0.0.0.0", "--port", "8000"]
