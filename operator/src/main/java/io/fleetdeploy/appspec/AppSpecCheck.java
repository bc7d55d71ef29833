package io.fleetdeploy.appspec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks a whole bundle: finds and parses its AppSpec and compares it with what the bundle holds.
 * Never throws for bad input: every problem, including an unreadable archive, is in the report.
 */
public final class AppSpecCheck {
  private AppSpecCheck() {}

  /** Checks a bundle directory, an archive file, or an AppSpec file (whose directory is its bundle). */
  public static AppSpecReport check(Path path) {
    return check(path, false);
  }

  /**
   * As {@link #check(Path)}; {@code lenient} reports scripts and sources the bundle lacks as
   * warnings rather than errors.
   */
  public static AppSpecReport check(Path path, boolean lenient) {
    String display = path.toString();
    try {
      if (Files.isRegularFile(path) && isAppSpecFileName(path)) {
        Path directory = path.toAbsolutePath().getParent();
        String text = Files.readString(path);
        return AppSpecParser.parse(display, text, BundleReader.listDirectory(directory), lenient);
      }
      if (!Files.exists(path)) {
        return bundleError(display, "no such file or directory");
      }
      BundleContents contents = BundleReader.read(path);
      String fileName = Files.isDirectory(path)
          ? path.resolve(contents.appSpecName()).toString()
          : display + "!/" + contents.appSpecName();
      return parse(display, fileName, contents, lenient);
    } catch (BundleFormatException e) {
      return bundleError(display, e.getMessage());
    } catch (java.nio.charset.MalformedInputException e) {
      return bundleError(display, "the AppSpec is not UTF-8 text");
    } catch (IOException e) {
      return bundleError(display, "cannot read: " + e.getMessage());
    } catch (RuntimeException e) {
      return bundleError(display, unexpected(e));
    }
  }

  /** Checks an archive file of a known type, e.g. a bundle fetched from S3; {@code displayName} names it. */
  public static AppSpecReport check(Path archive, BundleType type, String displayName) {
    try {
      BundleContents contents = BundleReader.read(archive, type);
      return parse(displayName, displayName + "!/" + contents.appSpecName(), contents, false);
    } catch (BundleFormatException | IOException e) {
      return bundleError(displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (RuntimeException e) {
      return bundleError(displayName, "cannot read it as a " + type.wireName() + " bundle: " + unexpected(e));
    }
  }

  /** Checks archive bytes, naming the bundle "bundle" in problems. */
  public static AppSpecReport check(byte[] archive, BundleType type) {
    return check(archive, type, "bundle");
  }

  /** Checks archive bytes, e.g. a bundle fetched from S3; {@code displayName} names it in problems. */
  public static AppSpecReport check(byte[] archive, BundleType type, String displayName) {
    return check(new java.io.ByteArrayInputStream(archive), type, displayName);
  }

  public static AppSpecReport check(InputStream archive, BundleType type, String displayName) {
    try {
      BundleContents contents = BundleReader.read(archive, type);
      return parse(displayName, displayName + "!/" + contents.appSpecName(), contents, false);
    } catch (BundleFormatException e) {
      return bundleError(displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (IOException e) {
      return bundleError(displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (RuntimeException e) {
      return bundleError(displayName, "cannot read it as a " + type.wireName() + " bundle: " + unexpected(e));
    }
  }

  /**
   * A last resort: the readers turn every malformed input they know into a clear message, and the
   * archive fuzz tests keep it that way; anything else still ends as a problem, never a stack trace.
   */
  private static String unexpected(RuntimeException e) {
    return "the archive is malformed in a way fleetdeploy does not recognise (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
  }

  private static AppSpecReport parse(String bundleName, String fileName, BundleContents contents, boolean lenient) {
    if (contents.appSpecText().isEmpty()) {
      Optional<String> nested = contents.listing().files().stream()
          .filter(f -> BundleReader.APPSPEC_NAMES.stream().anyMatch(n -> f.endsWith("/" + n)))
          .sorted().findFirst();
      String hint = nested
          .map(f -> " (found " + f + ": pack the contents of that directory, not the directory itself)")
          .orElse("");
      return bundleError(bundleName, "no appspec.yaml or appspec.yml at the root of the bundle" + hint);
    }
    return AppSpecParser.parse(fileName, contents.appSpecText().get(), contents.listing(), lenient);
  }

  private static boolean isAppSpecFileName(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }

  private static AppSpecReport bundleError(String bundleName, String message) {
    return AppSpecReport.rejected(List.of(Problem.error(bundleName, 0, "(bundle)", message)));
  }
}
