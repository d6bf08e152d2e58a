package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launcher and the tests must run Spark with the same Java flags (Spark's extraJavaTestArgs). */
class TestLauncherFlags {

  @Test
  void launcherUsesTheSameJavaFlagsAsSurefire() throws IOException {
    String pom = Files.readString(TestFiles.project().resolve("pom.xml"));
    Matcher property = Pattern.compile("<spark.java.opens>(.*?)</spark.java.opens>", Pattern.DOTALL).matcher(pom);
    assertThat(property.find()).isTrue();
    List<String> pomFlags = Arrays.asList(property.group(1).trim().split("\\s+"));

    String script = Files.readString(TestFiles.project().resolve("scripts/lib/common.sh"));
    Matcher array = Pattern.compile("JM_SPARK_JAVA_OPTS=\\((.*?)\\)", Pattern.DOTALL).matcher(script);
    assertThat(array.find()).isTrue();
    List<String> scriptFlags = Arrays.asList(array.group(1).trim().split("\\s+"));

    assertThat(scriptFlags).hasSize(21).isEqualTo(pomFlags);
    assertThat(pom).contains("<argLine>-Xmx${test.heap} ${spark.java.opens}</argLine>");
    assertThat(pom).contains("<test.heap>4g</test.heap>");
  }
}
