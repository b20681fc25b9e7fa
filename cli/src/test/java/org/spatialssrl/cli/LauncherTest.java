package org.spatialssrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ssrl}'s first-use build: plain-text messages, Maven's output in a log file that a
 * failure names. Maven is replaced by a script that prints what Debian's Maven 3.8 prints in
 * batch mode (jansi's reset codes on stdout and stderr) and records how it was called.
 */
class LauncherTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private Result launch(boolean buildSucceeds) throws Exception {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("bin"));
    Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/ssrl");
    Files.copy(launcher, repo.resolve("bin/ssrl"));
    Path fakeBin = tmp.resolve("fake-bin");
    Files.createDirectories(fakeBin);
    Path mvn = fakeBin.resolve("mvn");
    Files.writeString(mvn, "#!/usr/bin/env bash\n"
        + "echo \"$*\" > '" + tmp.resolve("mvn-args") + "'\n"
        + "echo \"$MAVEN_OPTS\" > '" + tmp.resolve("mvn-opts") + "'\n"
        + "printf '\\033[0m\\033[0m[INFO] Scanning for projects...\\n'\n"
        + "printf '\\033[0m\\033[1;31m[ERROR] something\\033[m\\n' >&2\n"
        + (buildSucceeds
            ? "mkdir -p cli/target/lib && echo jar > cli/target/ssrl.jar\nexit 0\n"
            : "exit 1\n"));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("bin/ssrl").toString(), "--version")
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
    pb.environment().remove("MAVEN_OPTS");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
  }

  @Test
  void aFailedBuildSaysSoInPlainTextAndNamesItsLog() throws Exception {
    Result r = launch(false);
    assertTrue(r.code() != 0);
    String all = r.out() + r.err();
    assertFalse(all.contains("\u001b"), "no terminal escape codes: " + all);
    Path log = tmp.resolve("repo/target/ssrl-build.log");
    assertTrue(r.err().contains(log.toString()), r.err());
    assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("[ERROR] something"));
    String args = Files.readString(tmp.resolve("mvn-args"));
    assertTrue(args.contains("-B") && args.contains("-Dstyle.color=never"), args);
    assertTrue(Files.readString(tmp.resolve("mvn-opts")).contains("-Djansi.noreset=true"),
        "Debian's Maven 3.8 prints jansi's reset codes even in batch mode without it");
  }

  @Test
  void aSuccessfulBuildPrintsOnlyItsMessage() throws Exception {
    Result r = launch(true);
    assertFalse((r.out() + r.err()).contains("\u001b"), r.out() + r.err());
    assertFalse(r.out().contains("[INFO]") || r.err().contains("[INFO]"), "Maven's output goes to the log");
    assertTrue(r.err().startsWith("ssrl: building"), r.err());
  }
}
