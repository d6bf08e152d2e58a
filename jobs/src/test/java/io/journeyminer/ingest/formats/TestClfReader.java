package io.journeyminer.ingest.formats;

import static io.journeyminer.ingest.formats.Sources.source;
import static io.journeyminer.ingest.formats.Sources.write;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.SourceFormat;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestClfReader extends SparkTestBase {

  @TempDir Path folder;

  @Test
  void combinedLinesWithIpv6EscapedQuotesAndGarbage() throws Exception {
    write(
        folder.resolve("access.log"),
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1&y=2 HTTP/1.0\" 200 2326"
            + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"\n"
            + "2001:db8::1 - - [10/Oct/2000:13:55:37 -0700] \"GET /search?q=\\\"shoes\\\" HTTP/1.1\" 404 -"
            + " \"-\" \"curl/8.0 \\\"test\\\"\"\n"
            + "this is not an access log line\n"
            + "10.0.0.1 - - [10/Oct/2000:13:55:38 -0700] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\"\n"
            + "\n"
            + "::1 - - [10/Oct/2000:13:55:39 -0700] \"POST /login HTTP/2.0\" 302 0 \"https://shop.example/a\" \"UA\" 0.012\n");

    List<Row> rows =
        rows(
            FormatReaders.forFormat(SourceFormat.CLF)
                .read(spark, source("web", SourceFormat.CLF), folder + "/*.log")
                .orderBy(col("_record_number")));

    assertThat(rows).hasSize(5);
    assertThat(rows).extracting(row -> row.<Long>getAs("_record_number"))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rows).extracting(row -> row.<String>getAs("_malformed"))
        .containsExactly(null, null, "not a Combined Log Format line", null, null);

    Row frank = rows.get(0);
    assertThat(frank.<String>getAs("remote_user")).isEqualTo("frank");
    assertThat(frank.<String>getAs("ident")).isNull();
    assertThat(frank.<String>getAs("time")).isEqualTo("10/Oct/2000:13:55:36 -0700");
    assertThat(frank.<String>getAs("url_path")).isEqualTo("/apache_pb.gif");
    assertThat(frank.<String>getAs("query")).isEqualTo("x=1&y=2");
    assertThat(frank.<Long>getAs("bytes")).isEqualTo(2326L);
    assertThat(frank.<String>getAs("user_agent")).isEqualTo("Mozilla/4.08 [en] (Win98; I ;Nav)");

    Row ipv6 = rows.get(1);
    assertThat(ipv6.<String>getAs("remote_addr")).isEqualTo("2001:db8::1");
    assertThat(ipv6.<String>getAs("path")).isEqualTo("/search?q=\"shoes\"");
    assertThat(ipv6.<String>getAs("url_path")).isEqualTo("/search");
    assertThat(ipv6.<Integer>getAs("status")).isEqualTo(404);
    assertThat(ipv6.<Long>getAs("bytes")).isNull();
    assertThat(ipv6.<String>getAs("referer")).isNull();
    assertThat(ipv6.<String>getAs("user_agent")).isEqualTo("curl/8.0 \"test\"");

    assertThat(rows.get(2).<String>getAs("_raw")).isEqualTo("this is not an access log line");
    assertThat(rows.get(2).<String>getAs("remote_addr")).isNull();

    Row handshake = rows.get(3);
    assertThat(handshake.<String>getAs("request")).isEqualTo("\\x16\\x03\\x01");
    assertThat(handshake.<String>getAs("method")).isNull();
    assertThat(handshake.<String>getAs("path")).isNull();
    assertThat(handshake.<Integer>getAs("status")).isEqualTo(400);

    Row login = rows.get(4);
    assertThat(login.<String>getAs("remote_addr")).isEqualTo("::1");
    assertThat(login.<String>getAs("method")).isEqualTo("POST");
    assertThat(login.<String>getAs("protocol")).isEqualTo("HTTP/2.0");
    assertThat(login.<String>getAs("query")).isNull();
    assertThat(login.<String>getAs("referer")).isEqualTo("https://shop.example/a");
  }
}
