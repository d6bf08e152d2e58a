package io.journeyminer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SamplesWarehouse;
import io.journeyminer.TestFiles;
import io.journeyminer.cli.JourneyMiner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples' run report opened in headless Chromium (Debian's {@code chromium}): what the page
 * drew, counted in the DOM after its script ran, against the published tables; no request left the
 * page; a screenshot for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunReport {

  private static final String CHROMIUM = "chromium";

  private Path work;
  private Path report;
  private String reportCommandOutput;
  private int reportCommandCode;
  private String html;
  private String dom;
  private String netLog;
  private Path screenshot;
  private long transitions;
  private long stages;
  private long rankedWithInterval;
  private long rankingRows;
  private long sources;

  @BeforeAll
  void renderTheSamplesReport(@TempDir Path work) throws Exception {
    this.work = work;
    Path warehouse = SamplesWarehouse.copyTo(work.resolve("warehouse"));
    Path config = Files.createDirectories(work.resolve("config")).resolve("pipeline.yaml");
    Files.copy(SamplesWarehouse.config(), config);
    report = warehouse.resolve("_runs/2026-03-01/report.html");
    assertThat(report).as("run writes the report beside the manifest").isRegularFile();
    Files.delete(report);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    reportCommandCode =
        JourneyMiner.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), "report", "--config", config.toString());
    reportCommandOutput = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    html = Files.readString(report);

    SparkSession spark = SparkSession.builder().master("local[2]").appName("TestRunReport").config("spark.ui.enabled", "false").getOrCreate();
    try {
      transitions = spark.read().parquet(warehouse.resolve("transitions").toString()).count();
      stages = spark.read().parquet(warehouse.resolve("stage_summary").toString()).where("segment_type = 'all'").count();
      var ranking = spark.read().parquet(warehouse.resolve("touchpoint_ranking").toString());
      rankingRows = ranking.count();
      rankedWithInterval = ranking.where("conversion_rate IS NOT NULL AND ci_low IS NOT NULL AND ci_high IS NOT NULL").count();
      sources = new ObjectMapper().readTree(warehouse.resolve("_runs/2026-03-01/manifest.json").toFile()).get("sources").size();
    } finally {
      spark.stop();
    }

    Path profile = Files.createDirectories(work.resolve("chromium-profile"));
    Path netLogFile = work.resolve("netlog.json");
    dom = chromium(profile, "--log-net-log=" + netLogFile, "--dump-dom", report.toUri().toString());
    netLog = Files.readString(netLogFile);
    screenshot = TestFiles.project().resolve("jobs/target/report.png");
    chromium(profile, "--hide-scrollbars", "--window-size=1400,2300", "--screenshot=" + screenshot, report.toUri().toString());
  }

  @Test
  void reportCommandRewritesTheSelfContainedPage() {
    assertThat(reportCommandCode).as(reportCommandOutput).isZero();
    assertThat(reportCommandOutput).contains("report: ").contains("report.html");
    assertThat(html).contains("default-src 'none'");
    // Self-contained: nothing the browser would fetch, and the drawing is left to the inlined script.
    assertThat(html).doesNotContainPattern("(?i)<(link|img|iframe)\\b").doesNotContainPattern("(?i)src\\s*=").doesNotContain("@import").doesNotContain("url(http");
    assertThat(count(html, "<path[^>]*class=\"edge ")).isZero();
  }

  @Test
  void processMapIsDrawnWithTheMostFrequentTransitionsAndASlider() {
    int laidOut = (int) Math.min(RunReport.MAP_EDGES, transitions);
    assertThat(transitions).isGreaterThan(100);
    assertThat(count(dom, "<path[^>]*class=\"edge (intended|stage-regression|stage-skip|unexpected-touchpoint)")).isEqualTo(laidOut);
    assertThat(count(dom, "<path[^>]*class=\"edge [a-z-]+ hidden\"")).isEqualTo(laidOut - Math.min(25, laidOut));
    assertThat(count(dom, "<path[^>]*class=\"edge stage-regression")).as("regressions marked").isPositive();
    assertThat(count(dom, "<path[^>]*class=\"edge intended")).as("intended path highlighted").isPositive();
    assertThat(count(dom, "<g class=\"node[ \"]")).isBetween(10, 40);
    assertThat(count(dom, "<text[^>]*class=\"edge-label")).isEqualTo(laidOut);
    assertThat(dom).contains("data-visible-edges=\"" + Math.min(25, laidOut) + "\"").contains("id=\"edge-slider\"");
  }

  @Test
  void funnelRankingAttributionAndDataQualityAreDrawn() {
    assertThat(stages).isEqualTo(5);
    assertThat(count(dom, "<rect[^>]*class=\"bar-entered\"")).isEqualTo((int) stages);
    assertThat(count(dom, "<option ")).isGreaterThan(3);
    assertThat(count(dom, "<line[^>]*class=\"ci\"")).isEqualTo((int) rankedWithInterval).isGreaterThan(10);
    assertThat(count(dom, "<span class=\"bar\"[^>]*data-model=\"markov\"")).isEqualTo((int) rankingRows);
    assertThat(count(dom, "data-model=\"")).isEqualTo(7 * (int) rankingRows);
    assertThat(count(dom, "<td class=\"ok\">reconciled</td>")).as("reconciled sources").isEqualTo((int) sources);
    assertThat(dom).contains("GUEST-0000").contains("data-rendered=\"true\"");
  }

  @Test
  void noRequestLeavesThePage() throws IOException {
    assertThat(dom).contains("data-resources=\"0\"").contains("data-blocked=\"0\"");
    // Chromium's own services (update checks, account probes) show in the log with no initiating
    // origin; anything the page asked for would carry the page's origin.
    JsonNode log = new ObjectMapper().readTree(netLog);
    int startJob = log.at("/constants/logEventTypes/URL_REQUEST_START_JOB").asInt();
    List<String> fromThePage = new ArrayList<>();
    int requests = 0;
    for (JsonNode event : log.get("events")) {
      // The job's start (phase 1) carries its URL and initiator; its end (phase 2) has no URL.
      if (event.path("type").asInt() == startJob && event.at("/params/url").isTextual()) {
        requests++;
        String url = event.at("/params/url").asText();
        if (!event.at("/params/initiator").asText().equals("not an origin") && !url.startsWith("file:") && !url.startsWith("data:")) {
          fromThePage.add(url);
        }
      }
    }
    assertThat(startJob).isPositive();
    assertThat(fromThePage).as("requests made by the page, of " + requests + " in the net log").isEmpty();
  }

  @Test
  void screenshotShowsThePage() throws IOException {
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(2300);
    assertThat(Files.size(screenshot)).isGreaterThan(50_000);
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** Runs Debian's headless Chromium with the flags the issue names; its standard output. */
  private String chromium(Path profile, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-extensions", "--no-pings", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(work, "chromium", ".out");
    Path stderr = Files.createTempFile(work, "chromium", ".err");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("Debian's chromium is needed for this test: apt-get install chromium (scripts/test installs it)", e);
    }
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in 180 s: " + Files.readString(stderr));
    }
    assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
    return Files.readString(stdout);
  }
}
