package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code ssrl serve-reward} as a real process and stops it with SIGTERM. */
class ServeRewardSigtermTest {

  @Test
  void sigtermShutsTheServiceDownCleanly(@TempDir Path tmp) throws Exception {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "SIGTERM is a POSIX signal");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        "org.spatialssrl.cli.Ssrl", "serve-reward", "--port", "0", "--threads", "2")
        .redirectError(tmp.resolve("stderr.txt").toFile())
        .start();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) ").matcher(String.valueOf(line));
        assertTrue(m.find(), "unexpected first line: " + line);
        HttpTestClient client = new HttpTestClient(Integer.parseInt(m.group(1)));
        assertEquals(200, client.get("/health").status());
        p.toHandle().destroy(); // SIGTERM, leaving the streams open
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve-reward did not exit after SIGTERM");
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertTrue(err.contains("ssrl serve-reward: stopped"), "stderr: " + err);
      });
    } finally {
      p.destroyForcibly();
    }
  }
}
