package org.spatialssrl.train.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request that the training loop stop after the current
 * step and save a checkpoint, instead of killing the process mid-write. A second signal ends the
 * process at once (exit code 130). Where the JVM offers no signal handling, a shutdown hook asks
 * the loop to stop and waits up to a minute for {@link #finished()}.
 */
public final class StopSignal implements AutoCloseable {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final List<Runnable> restore = new ArrayList<>();
  private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
  private Thread hook;

  private StopSignal() {}

  /**
   * A signal that only {@link #request()} sets (for tests and embedding).
   *
   * @return the signal
   */
  public static StopSignal manual() {
    return new StopSignal();
  }

  /**
   * Installs handlers for SIGINT and SIGTERM until {@link #close()}.
   *
   * @return the signal
   */
  public static StopSignal install() {
    StopSignal s = new StopSignal();
    try {
      for (String name : new String[] {"INT", "TERM"}) {
        sun.misc.Signal sig = new sun.misc.Signal(name);
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(sig, x -> {
          if (!s.requested.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(130);
          }
          System.err.println(System.lineSeparator()
              + "stopping after this step and saving a checkpoint (signal again to quit now)");
        });
        s.restore.add(() -> sun.misc.Signal.handle(sig, previous));
      }
    } catch (IllegalArgumentException | LinkageError e) {
      s.hook = new Thread(() -> {
        s.requested.set(true);
        try {
          s.done.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }, "ssrl-train-stop");
      Runtime.getRuntime().addShutdownHook(s.hook);
    }
    return s;
  }

  /**
   * Whether a stop was asked for.
   *
   * @return true after a signal or {@link #request()}
   */
  public boolean requested() {
    return requested.get();
  }

  /** Asks the loop to stop after the current step. */
  public void request() {
    requested.set(true);
  }

  /** Tells a waiting shutdown hook that the loop has saved and returned. */
  public void finished() {
    done.countDown();
  }

  @Override
  public void close() {
    finished();
    restore.forEach(Runnable::run);
    restore.clear();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook is running.
      }
    }
  }
}
