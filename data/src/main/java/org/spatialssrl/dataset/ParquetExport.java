package org.spatialssrl.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes the EasyR1 parquet file from the dataset's JSON lines with DuckDB.
 *
 * <p>Columns, in order: {@code problem} (string), {@code answer} (string), {@code images} (list of
 * relative paths, or with {@code embedImages} a list of the Hugging Face {@code datasets} Image
 * struct {@code {bytes, path}}), then {@code id, task, variant, source} (strings), {@code seed}
 * (int64) and {@code metadata} (JSON text). DuckDB runs on one thread here so the bytes of the
 * file depend only on the rows.
 */
public final class ParquetExport {
  private ParquetExport() {}

  /**
   * Converts a JSON-lines file to parquet atomically.
   *
   * @param jsonl the rows
   * @param parquet the target file
   * @param datasetDir the directory image paths are relative to
   * @param embedImages whether to embed the image bytes
   * @throws IOException when DuckDB fails
   */
  public static void write(Path jsonl, Path parquet, Path datasetDir, boolean embedImages)
      throws IOException {
    Path tmp = AtomicFiles.temporaryFor(parquet);
    Files.deleteIfExists(tmp);
    String rows =
        "read_json(" + quote(jsonl.toAbsolutePath().toString())
            + ", format='newline_delimited', columns={id:'VARCHAR', task:'VARCHAR',"
            + " variant:'VARCHAR', source:'VARCHAR', seed:'BIGINT', problem:'VARCHAR',"
            + " answer:'VARCHAR', images:'VARCHAR[]', metadata:'VARCHAR'})";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads=1");
      st.execute("SET preserve_insertion_order=true");
      st.execute("CREATE TEMP TABLE r AS SELECT row_number() OVER () AS rn, * FROM " + rows);
      String images = "images";
      if (embedImages) {
        String prefix = datasetDir.toAbsolutePath().normalize() + "/";
        st.execute(
            "CREATE TEMP TABLE ri AS SELECT rn, i, images[i] AS path FROM r,"
                + " range(1, len(images) + 1) t(i)");
        st.execute(
            "CREATE TEMP TABLE b AS SELECT ri.rn, ri.i, ri.path, f.content FROM ri JOIN"
                + " read_blob(" + quote(prefix + DatasetFiles.IMAGES + "/*/*.jpg") + ") f"
                + " ON f.filename = " + quote(prefix) + " || ri.path");
        st.execute(
            "CREATE TEMP TABLE e AS SELECT rn, list({'bytes': content, 'path': path} ORDER BY i)"
                + " AS images FROM b GROUP BY rn");
        images = "e.images";
        st.execute(
            "COPY (SELECT problem, answer, " + images + " AS images, id, task, variant, source,"
                + " seed, metadata FROM r LEFT JOIN e USING (rn) ORDER BY rn) TO "
                + quote(tmp.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
      } else {
        st.execute(
            "COPY (SELECT problem, answer, images, id, task, variant, source, seed, metadata"
                + " FROM r ORDER BY rn) TO " + quote(tmp.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
      }
    } catch (SQLException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot write " + parquet + ": " + e.getMessage(), e);
    }
    AtomicFiles.publish(tmp, parquet);
  }

  /**
   * Quotes a string as an SQL literal.
   *
   * @param s the text
   * @return the literal
   */
  public static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
