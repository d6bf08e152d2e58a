package io.journeyminer.config;

import java.util.List;

/** A config that cannot be used; the message names the file, the key path and what was expected. */
public class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public ConfigException(String file, List<String> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in "
            + file
            + ":\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
