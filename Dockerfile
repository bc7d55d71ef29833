# syntax=docker/dockerfile:1
# The fleetdeploy operator image: `docker build -t fleetdeploy:dev .` (docs/helm.md). It holds the operator's
# jar only: the demo, the benchmark, the embedded API server and the AWS simulator are in devtools/.
# DockerfileTest checks that the paths below are the ones the Maven build produces and that the
# user is the one the Helm chart runs as.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed dependencies are downloaded.
# -pl operator -am: the operator and what its build needs (its tests compile against the simulator and the
# embedded API server, which stay out of its jar and lib/), not devtools.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests -pl operator -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetdeploy \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin fleetdeploy
# The jar finds its dependencies through its manifest Class-Path (lib/*.jar, beside the jar).
# Both stay owned by root: the operator cannot change its own code.
COPY --from=build /src/operator/target/fleetdeploy-operator.jar /opt/fleetdeploy/fleetdeploy-operator.jar
COPY --from=build /src/operator/target/lib/ /opt/fleetdeploy/lib/
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/fleetdeploy/fleetdeploy-operator.jar", "run"]
