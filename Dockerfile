# syntax=docker/dockerfile:1
# One build, one image per service: docker build --target api-gateway . (docker-compose.yml does this for you).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 holdfast
USER holdfast
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"

FROM runtime AS api-gateway
COPY --from=build /src/api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar app.jar
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS reservation-worker
COPY --from=build /src/reservation-worker/target/reservation-worker-0.1.0-SNAPSHOT-exec.jar app.jar
EXPOSE 8081
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:8081/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS expiry-worker
COPY --from=build /src/expiry-worker/target/expiry-worker-0.1.0-SNAPSHOT-exec.jar app.jar
EXPOSE 8082
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:8082/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]

FROM runtime AS loadgen
COPY --from=build /src/loadgen/target/loadgen-0.1.0-SNAPSHOT-exec.jar app.jar
ENTRYPOINT ["java", "-jar", "app.jar"]
