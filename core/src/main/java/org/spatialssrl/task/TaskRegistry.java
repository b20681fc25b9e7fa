package org.spatialssrl.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The pretext tasks known to this installation, found with {@link ServiceLoader}: a new task is
 * one class plus one line in {@code META-INF/services/org.spatialssrl.task.PretextTask}.
 * Tasks are listed in a stable order (the built-in five first, in the paper's order).
 */
public final class TaskRegistry {
  private static final List<String> BUILT_IN_ORDER =
      List.of("shuffle", "flip", "crop", "depth", "position");

  private final Map<String, PretextTask> tasks;

  private TaskRegistry(Map<String, PretextTask> tasks) {
    this.tasks = Collections.unmodifiableMap(tasks);
  }

  /** The registry of the tasks on the class path, with their default settings. */
  public static TaskRegistry load() {
    List<PretextTask> found = new ArrayList<>();
    ServiceLoader.load(PretextTask.class, TaskRegistry.class.getClassLoader()).forEach(found::add);
    return of(found);
  }

  /**
   * A registry of given task instances (for example with custom settings).
   *
   * @param tasks the tasks; names must be unique
   * @return the registry
   */
  public static TaskRegistry of(List<? extends PretextTask> tasks) {
    List<PretextTask> sorted = new ArrayList<>(tasks);
    sorted.sort(
        (a, b) -> {
          int ia = rank(a.name());
          int ib = rank(b.name());
          return ia != ib ? Integer.compare(ia, ib) : a.name().compareTo(b.name());
        });
    Map<String, PretextTask> map = new LinkedHashMap<>();
    for (PretextTask t : sorted) {
      if (map.put(t.name(), t) != null) {
        throw new IllegalArgumentException("two tasks are named " + t.name());
      }
    }
    return new TaskRegistry(map);
  }

  private static int rank(String name) {
    int i = BUILT_IN_ORDER.indexOf(name);
    return i < 0 ? BUILT_IN_ORDER.size() : i;
  }

  /** The task names in order. */
  public List<String> names() {
    return List.copyOf(tasks.keySet());
  }

  /**
   * The task of a name.
   *
   * @param name the task name
   * @return the task
   * @throws IllegalArgumentException naming the known tasks when the name is unknown
   */
  public PretextTask get(String name) {
    PretextTask t = tasks.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown task '" + name + "'; known tasks: " + String.join(", ", tasks.keySet()));
    }
    return t;
  }
}
