package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.CommandLineCapture.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed archives (names that are not UTF-8, negative or non-numeric sizes, damaged pax records)
 * are problems with a message that names what is wrong, never exceptions; and {@code appspec check}
 * exits 1 with that message.
 */
class MalformedArchiveTest {
  @TempDir Path temp;

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "zip name in Latin-1",
            BundleType.ZIP,
            CraftedArchives.zipWithLatin1Name(),
            "caf\\xe9.txt: the name is not valid UTF-8"),
        Arguments.of(
            "tar name in Latin-1",
            BundleType.TAR,
            CraftedArchives.tarWithName("caf\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1)),
            "caf\\xe9.txt: the name is not valid UTF-8"),
        Arguments.of(
            "negative base-256 size",
            BundleType.TAR,
            CraftedArchives.tarWithSizeField(CraftedArchives.base256Negative()),
            "app/data.bin: the tar header gives a negative size"),
        Arguments.of(
            "negative octal size",
            BundleType.TAR,
            CraftedArchives.tarWithSizeField("-0000000007\0".getBytes(StandardCharsets.US_ASCII)),
            "app/data.bin: the tar header gives a negative size"),
        Arguments.of(
            "size field not octal",
            BundleType.TAR,
            CraftedArchives.tarWithSizeField("12x45678901\0".getBytes(StandardCharsets.US_ASCII)),
            "the size field is not an octal number"),
        Arguments.of(
            "huge base-256 size",
            BundleType.TAR,
            CraftedArchives.tarWithSizeField(
                new byte[] {(byte) 0x80, 0, 0, 0, 0x7f, -1, -1, -1, -1, -1, -1, -1}),
            "the tar archive is truncated in app/data.bin"),
        Arguments.of(
            "negative pax size",
            BundleType.TAR,
            CraftedArchives.tarWithPaxSize("-5"),
            "app/data.bin: the pax header's size '-5' is not a non-negative number"),
        Arguments.of(
            "non-numeric pax size",
            BundleType.TAR,
            CraftedArchives.tarWithPaxSize("lots"),
            "app/data.bin: the pax header's size 'lots' is not a non-negative number"),
        Arguments.of(
            "pax record longer than its header",
            BundleType.TAR,
            CraftedArchives.tarWithPaxRecords("99 size=1\n".getBytes(StandardCharsets.US_ASCII)),
            "corrupt pax header after appspec.yml"),
        Arguments.of(
            "pax record of length 1",
            BundleType.TAR,
            CraftedArchives.tarWithPaxRecords("1 ".getBytes(StandardCharsets.US_ASCII)),
            "corrupt pax header after appspec.yml"),
        Arguments.of(
            "pax path not UTF-8",
            BundleType.TAR,
            CraftedArchives.tarWithPaxRecords(
                concat(
                    "13 path=caf".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {(byte) 0xe9, '\n'})),
            "caf\\xe9: the name is not valid UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void isOneClearProblemWhicheverWayTheBundleIsRead(
      String what, BundleType type, byte[] archive, String message) throws IOException {
    Path file = Files.write(temp.resolve("bundle." + type.wireName()), archive);

    AppSpecReport fromFile = AppSpecCheck.check(file);
    AppSpecReport fromStream =
        AppSpecCheck.check(new ByteArrayInputStream(archive), type, "s3://b/k");
    AppSpecReport fromPinnedFile = AppSpecCheck.check(file, type, "s3://b/k");

    assertThat(fromFile.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message()).contains(message);
              assertThat(p.keyPath()).isEqualTo("(bundle)");
            });
    assertThat(fromStream.errors())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .startsWith("cannot read it as a " + type.wireName() + " bundle: ")
        .contains(message);
    assertThat(fromPinnedFile.errors())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .startsWith("cannot read it as a " + type.wireName() + " bundle: ")
        .contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void appspecCheckExitsOneWithTheMessageAndNoStackTrace(
      String what, BundleType type, byte[] archive, String message) throws IOException {
    Path file = Files.write(temp.resolve("bundle." + type.wireName()), archive);

    Result result = CommandLineCapture.run("appspec", "check", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out().lines().toList())
        .satisfiesExactly(
            first ->
                assertThat(first).startsWith("ERROR " + file + " (bundle): ").contains(message),
            last -> assertThat(last).isEqualTo(file + " would be rejected (1 error, 0 warnings)"));
    assertThat(result.err()).isEmpty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
