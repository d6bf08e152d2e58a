package io.journeyminer.conformance;

import io.journeyminer.config.ConformanceConfig;
import io.journeyminer.config.JourneyMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/** Where the intended journey comes from: the journey map, or a BPMN or PNML file (SPEC 4). */
public final class PetriNets {

  public static final String JOURNEY_MAP = "journey map";

  private PetriNets() {}

  /** Reads a local {@code .bpmn} or {@code .pnml} file by its extension. */
  public static PetriNet read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.getFileName().toString(), in);
    } catch (IOException e) {
      throw new ConformanceModelException("conformance.model " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a {@code .bpmn} or {@code .pnml} model by the extension of {@code fileName}. */
  public static PetriNet read(String fileName, InputStream content) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".bpmn") || lower.endsWith(".bpmn.xml") || lower.endsWith(".bpmn2")) {
      return BpmnReader.read(fileName, content);
    }
    if (lower.endsWith(".pnml")) {
      return PnmlReader.read(fileName, content);
    }
    throw new ConformanceModelException("conformance.model " + fileName + ": expected a .bpmn or .pnml file");
  }

  /**
   * The intended journey a config asks for: its {@code conformance.model}, read through Hadoop's
   * file systems (so a model on HDFS or S3 works as a local one), else the journey map.
   */
  public static PetriNet intended(ConformanceConfig config, JourneyMap map, Configuration hadoop) {
    if (config.model().isEmpty()) {
      return fromJourneyMap(map);
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(config.model().get());
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return read(path.getName(), in);
    } catch (IOException e) {
      throw new ConformanceModelException("conformance.model " + config.model().get() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The journey map as a net (SPEC 4): stages in map order; within a stage any of its touchpoints,
   * in any order and number, at least one; a stage may be passed over only where the map marks it
   * {@code optional: true}; and a journey may end after any stage it entered, since an abandoned or
   * in-progress journey is a prefix of the intended one. A journey therefore fits exactly when it
   * never moves back to an earlier stage, skips no required stage up to the furthest it reached and
   * uses only touchpoints of the map.
   *
   * <p>Places: {@code before:<stage>} for each stage, {@code in:<stage>}, and {@code done}.
   * Transitions: {@code enter:<stage>:<touchpoint>} and {@code again:<stage>:<touchpoint>} labelled
   * with the touchpoint; silent {@code next:<stage>}, {@code leave:<stage>} (to done) and, for
   * optional stages, {@code skip:<stage>}.
   */
  public static PetriNet fromJourneyMap(JourneyMap map) {
    List<JourneyMap.Stage> stages = map.stages();
    if (stages.isEmpty()) {
      throw new ConformanceModelException("the journey map has no stages to conform to");
    }
    PetriNet.Builder net = PetriNet.builder(JOURNEY_MAP);
    for (JourneyMap.Stage stage : stages) {
      net.place("before:" + stage.name());
      net.place("in:" + stage.name());
    }
    net.place("done");
    net.initialTokens("before:" + stages.get(0).name(), 1);
    net.finalTokens("done", 1);
    for (int i = 0; i < stages.size(); i++) {
      JourneyMap.Stage stage = stages.get(i);
      String before = "before:" + stage.name();
      String in = "in:" + stage.name();
      String next = i + 1 < stages.size() ? "before:" + stages.get(i + 1).name() : "done";
      for (String touchpoint : stage.touchpoints()) {
        String enter = "enter:" + stage.name() + ":" + touchpoint;
        net.transition(enter, touchpoint).arc(before, enter).arc(enter, in);
        String again = "again:" + stage.name() + ":" + touchpoint;
        net.transition(again, touchpoint).arc(in, again).arc(again, in);
      }
      net.transition("next:" + stage.name(), null).arc(in, "next:" + stage.name()).arc("next:" + stage.name(), next);
      if (!next.equals("done")) {
        net.transition("leave:" + stage.name(), null).arc(in, "leave:" + stage.name()).arc("leave:" + stage.name(), "done");
      }
      if (stage.optional()) {
        net.transition("skip:" + stage.name(), null).arc(before, "skip:" + stage.name()).arc("skip:" + stage.name(), next);
      }
    }
    return net.build();
  }
}
