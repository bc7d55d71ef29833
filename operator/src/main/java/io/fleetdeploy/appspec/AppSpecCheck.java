package io.fleetdeploy.appspec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a whole bundle: finds and parses its AppSpec and compares it with what the bundle holds.
 * Never throws for bad input: every problem, including an unreadable archive, is in the report.
 */
public final class AppSpecCheck {
  private AppSpecCheck() {}

  /**
   * Checks a bundle directory, an archive file, or an AppSpec file (whose directory is its bundle).
   */
  public static AppSpecReport check(Path path) {
    return check(path, BundleReader.DEFAULT_APPSPEC_NAME, false);
  }

  /**
   * As {@link #check(Path)}; {@code lenient} reports scripts and sources the bundle lacks as
   * warnings rather than errors.
   */
  public static AppSpecReport check(Path path, boolean lenient) {
    return check(path, BundleReader.DEFAULT_APPSPEC_NAME, lenient);
  }

  /**
   * Checks a bundle directory or archive file whose AppSpec is {@code appSpecName} (as {@code
   * codedeploy-local --appspec-filename}), or an AppSpec file.
   */
  public static AppSpecReport check(Path path, String appSpecName) {
    return check(path, appSpecName, false);
  }

  /**
   * As {@link #check(Path, String)}, leniently (missing scripts and sources are warnings) if asked.
   */
  public static AppSpecReport check(Path path, String appSpecName, boolean lenient) {
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
      BundleContents contents = BundleReader.read(path, appSpecName);
      String fileName =
          Files.isDirectory(path)
              ? path.resolve(contents.appSpecName()).toString()
              : display + "!/" + contents.appSpecPath();
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

  /**
   * Checks an archive file of a known type, e.g. a bundle fetched from S3; {@code displayName}
   * names it.
   */
  public static AppSpecReport check(Path archive, BundleType type, String displayName) {
    try {
      BundleContents contents = BundleReader.read(archive, type);
      return parse(displayName, displayName + "!/" + contents.appSpecPath(), contents, false);
    } catch (BundleFormatException | IOException e) {
      return bundleError(
          displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (RuntimeException e) {
      return bundleError(
          displayName, "cannot read it as a " + type.wireName() + " bundle: " + unexpected(e));
    }
  }

  /** Checks archive bytes, naming the bundle "bundle" in problems. */
  public static AppSpecReport check(byte[] archive, BundleType type) {
    return check(archive, type, "bundle");
  }

  /**
   * Checks archive bytes, e.g. a bundle fetched from S3; {@code displayName} names it in problems.
   */
  public static AppSpecReport check(byte[] archive, BundleType type, String displayName) {
    return check(new java.io.ByteArrayInputStream(archive), type, displayName);
  }

  public static AppSpecReport check(InputStream archive, BundleType type, String displayName) {
    try {
      BundleContents contents = BundleReader.read(archive, type);
      return parse(displayName, displayName + "!/" + contents.appSpecPath(), contents, false);
    } catch (BundleFormatException e) {
      return bundleError(
          displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (IOException e) {
      return bundleError(
          displayName, "cannot read it as a " + type.wireName() + " bundle: " + e.getMessage());
    } catch (RuntimeException e) {
      return bundleError(
          displayName, "cannot read it as a " + type.wireName() + " bundle: " + unexpected(e));
    }
  }

  /**
   * A last resort: the readers turn every malformed input they know into a clear message, and the
   * archive fuzz tests keep it that way; anything else still ends as a problem, never a stack
   * trace.
   */
  private static String unexpected(RuntimeException e) {
    return "the archive is malformed in a way fleetdeploy does not recognise ("
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + ")";
  }

  private static AppSpecReport parse(
      String bundleName, String fileName, BundleContents contents, boolean lenient) {
    if (contents.appSpecText().isEmpty()) {
      List<String> nested =
          contents.listing().files().stream()
              .filter(
                  f ->
                      BundleReader.lookupOrder(contents.appSpecName()).stream()
                          .anyMatch(n -> f.endsWith("/" + n)))
              .sorted()
              .toList();
      String hint =
          nested.isEmpty()
              ? ""
              : nested.size() == 1
                  ? " (found "
                      + nested.get(0)
                      + ": pack the contents of that directory, not the directory itself)"
                  : " (found "
                      + String.join(", ", nested)
                      + ": CodeDeploy's agent takes a folder as the bundle root"
                      + " only when exactly one top-level folder holds an AppSpec)";
      String names = String.join(" or ", BundleReader.lookupOrder(contents.appSpecName()));
      return bundleError(bundleName, "no " + names + " at the root of the bundle" + hint);
    }
    return AppSpecParser.parse(fileName, contents.appSpecText().get(), contents.listing(), lenient)
        .withWarnings(bundleWarnings(bundleName, contents));
  }

  /** Where the agent reads a bundle differently from how it looks: said, never silent. */
  private static List<Problem> bundleWarnings(String bundleName, BundleContents contents) {
    List<Problem> warnings = new ArrayList<>();
    contents
        .folder()
        .ifPresent(
            folder ->
                warnings.add(
                    Problem.warning(
                        bundleName,
                        0,
                        "(bundle)",
                        "the bundle's files are inside the folder '"
                            + folder
                            + "/': CodeDeploy's agent uses that folder as the"
                            + " bundle root, and so does fleetdeploy"
                            + (contents.outside().isEmpty()
                                ? ""
                                : "; what is outside it is not deployed: "
                                    + String.join(
                                        ", ",
                                        contents
                                            .outside()
                                            .subList(0, Math.min(10, contents.outside().size())))
                                    + (contents.outside().size() > 10
                                        ? " and " + (contents.outside().size() - 10) + " more"
                                        : "")))));
    if (!contents.ignoredAppSpecs().isEmpty()) {
      warnings.add(
          Problem.warning(
              bundleName,
              0,
              "(bundle)",
              "the bundle has "
                  + contents.appSpecName()
                  + " and "
                  + String.join(" and ", contents.ignoredAppSpecs())
                  + ": CodeDeploy's agent reads "
                  + contents.appSpecName()
                  + ", and so does fleetdeploy; remove the other"));
    }
    return warnings;
  }

  private static boolean isAppSpecFileName(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }

  private static AppSpecReport bundleError(String bundleName, String message) {
    return AppSpecReport.rejected(List.of(Problem.error(bundleName, 0, "(bundle)", message)));
  }
}
