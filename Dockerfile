# One build, one image per service: docker build --target api-gateway . (docker-compose.yml does this for you).
# It uses BuildKit's cache mount for Maven's downloads: BuildKit is the default builder of Docker 23 and later and of
# Docker Compose v2; with an older docker CLI, set DOCKER_BUILDKIT=1 (and COMPOSE_DOCKER_CLI_BUILD=1 for
# docker-compose v1). No "# syntax=" line: the builder's own Dockerfile frontend reads this file, so nothing has to be
# fetched from a registry besides the two base images.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# the three services and the load generator, with the modules they need; not the tests, the system tests or the tools
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true -pl api-gateway,reservation-worker,expiry-worker,loadgen -am package

FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 holdfast
USER holdfast
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"

# Health: a service counts as starting, not failing, for its first 450 s. When the whole stack starts at once, seven
# JVMs share the CPUs: on two cores the gateways took 74 to 95 s before their first healthy answer, and 218 s while
# other builds ran on the same cores (a gateway marked unhealthy then, and Compose refuses to start what depends on a
# service marked unhealthy). The period only bounds the wait: a service is healthy as soon as one check passes. After
# that, only 5 checks in a row that fail or take over 10 s make it unhealthy: on two busy cores a JVM that is fine may
# answer slowly for a while.
FROM runtime AS api-gateway
# the runnable jar, whatever the project's version
COPY --from=build /src/api-gateway/target/api-gateway-*-exec.jar app.jar
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=10s --start-period=450s --retries=5 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS reservation-worker
COPY --from=build /src/reservation-worker/target/reservation-worker-*-exec.jar app.jar
EXPOSE 8081
HEALTHCHECK --interval=5s --timeout=10s --start-period=450s --retries=5 \
  CMD curl -fsS http://127.0.0.1:8081/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS expiry-worker
COPY --from=build /src/expiry-worker/target/expiry-worker-*-exec.jar app.jar
EXPOSE 8082
HEALTHCHECK --interval=5s --timeout=10s --start-period=450s --retries=5 \
  CMD curl -fsS http://127.0.0.1:8082/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS loadgen
COPY --from=build /src/loadgen/target/loadgen-*-exec.jar app.jar
ENTRYPOINT ["java", "-jar", "app.jar"]
