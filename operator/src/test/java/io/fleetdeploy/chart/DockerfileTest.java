package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.chart.Dockerfile.Instruction;
import io.fleetdeploy.chart.Dockerfile.Stage;
import io.fleetdeploy.cli.FleetdeployCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The Dockerfile cannot be built here (no Docker engine), so its contract is checked instead: it
 * copies what the Maven build produces, starts the run command of that jar, and runs as the user
 * the chart declares.
 */
class DockerfileTest {
  private static final String JAR_PLUGIN =
      "/project/build/plugins/plugin[artifactId='maven-jar-plugin']/executions/execution[id='default-jar']";
  private static final String DEPENDENCY_COPY =
      "/project/build/plugins/plugin[artifactId='maven-dependency-plugin']/executions/execution[id='copy-runtime-dependencies']";

  private static Dockerfile dockerfile;
  private static Stage build;
  private static Stage runtime;

  @BeforeAll
  static void parse() throws IOException {
    dockerfile = Dockerfile.parse(Files.readString(Helm.REPO_ROOT.resolve("Dockerfile")));
    build = dockerfile.stage("build");
    runtime = dockerfile.last();
  }

  @Test
  void buildsWithMavenOnJava17AndRunsOnAJava17Jre() {
    assertThat(dockerfile.stages()).hasSize(2);
    assertThat(build.image()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(build.all("RUN"))
        .as("builds the operator module and what it needs, not devtools")
        .anySatisfy(
            r -> assertThat(r.arguments()).endsWith("mvn -B -DskipTests -pl operator -am package"));
    assertThat(runtime.image()).startsWith("eclipse-temurin:17-jre");
  }

  @Test
  void runtimeCopiesOnlyTheJarAndItsLibrariesFromWhereTheBuildWritesThem() {
    String target = build.only("WORKDIR").arguments() + "/operator/target/";
    String jar = PomXml.value(PomXml.OPERATOR_POM, "/project/build/finalName") + ".jar";
    String libDir =
        PomXml.value(PomXml.OPERATOR_POM, DEPENDENCY_COPY + "/configuration/outputDirectory")
            .replace("${project.build.directory}/", "");
    String classPathPrefix =
        PomXml.value(
            PomXml.OPERATOR_POM, JAR_PLUGIN + "/configuration/archive/manifest/classpathPrefix");

    List<Instruction> copies = runtime.all("COPY");
    assertThat(copies)
        .extracting(Instruction::words)
        .containsExactly(
            List.of("--from=build", target + jar, "/opt/fleetdeploy/" + jar),
            List.of("--from=build", target + libDir + "/", "/opt/fleetdeploy/" + classPathPrefix));
    assertThat(build.all("COPY"))
        .extracting(Instruction::arguments)
        .as("the build stage works on the whole repository (every module)")
        .containsExactly(". .");
  }

  @Test
  void entrypointIsTheRunCommandOfTheCopiedJar() {
    List<String> entrypoint = new Yaml().load(runtime.only("ENTRYPOINT").arguments());
    String copiedJar = runtime.all("COPY").get(0).words().get(2);

    assertThat(entrypoint).containsExactly("java", "-jar", copiedJar, "run");
    assertThat(FleetdeployCommand.commandLine().getSubcommands()).containsKey("run");
  }

  @Test
  void runsAsTheFixedNonRootUserTheChartDeclares() throws IOException {
    Map<String, Object> values =
        new Yaml().load(Files.readString(Helm.CHART.resolve("values.yaml")));
    @SuppressWarnings("unchecked")
    Map<String, Object> pod = (Map<String, Object>) values.get("podSecurityContext");
    String uid = String.valueOf(pod.get("runAsUser"));
    String gid = String.valueOf(pod.get("runAsGroup"));

    assertThat(uid).isEqualTo("10001");
    assertThat(runtime.only("USER").arguments())
        .as("numeric, so runAsNonRoot can verify it")
        .isEqualTo(uid + ":" + gid);
    assertThat(runtime.all("RUN"))
        .anySatisfy(
            r ->
                assertThat(r.arguments())
                    .contains("groupadd --system --gid " + gid)
                    .contains("useradd --system --uid " + uid + " --gid " + gid));
    int userLine = runtime.only("USER").line();
    assertThat(runtime.only("ENTRYPOINT").line())
        .as("the entrypoint comes after USER")
        .isGreaterThan(userLine);
  }

  @Test
  void exposesThePortTheOperatorServesOn() {
    CommandLine run = FleetdeployCommand.commandLine().getSubcommands().get("run");
    String raw = run.getCommandSpec().findOption("--http-port").defaultValueString(false);
    Matcher port = Pattern.compile(":-(\\d+)}").matcher(raw);

    assertThat(port.find()).as("--http-port default %s", raw).isTrue();
    assertThat(runtime.only("EXPOSE").arguments()).isEqualTo(port.group(1));
  }

  @Test
  void buildContextLeavesOutBuildOutputToolsAndGit() throws IOException {
    List<String> ignored =
        Files.readAllLines(Helm.REPO_ROOT.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();

    assertThat(ignored).contains("**/target/", ".git/", ".tools/");
  }

  @Test
  void parserJoinsContinuationLinesAndSkipsComments() {
    Dockerfile parsed =
        Dockerfile.parse(
            String.join(
                "\n",
                "# syntax=docker/dockerfile:1",
                "FROM alpine:3 AS base",
                "RUN apk add curl \\",
                "# a comment inside a continuation",
                "    && echo done",
                "FROM base",
                "USER 1:1"));

    assertThat(parsed.stages()).extracting(Stage::image).containsExactly("alpine:3", "base");
    assertThat(parsed.stage("base").only("RUN").arguments())
        .isEqualTo("apk add curl  && echo done");
    assertThat(parsed.last().only("USER").line()).isEqualTo(7);
  }
}
