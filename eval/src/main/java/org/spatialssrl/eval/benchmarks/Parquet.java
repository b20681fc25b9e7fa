package org.spatialssrl.eval.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.spatialssrl.dataset.ParquetExport;

/** Reads Hugging Face parquet releases with DuckDB, one map of column values per row. */
final class Parquet {
  private Parquet() {}

  /**
   * The parquet files of an input: the file itself, or every {@code *.parquet} under a folder
   * (a Hugging Face snapshot), sorted by path.
   *
   * @param input a file or folder
   * @param nameFilter only files whose name contains this (a split name), or null
   * @return the files
   * @throws IOException when there are none
   */
  static List<Path> files(Path input, String nameFilter) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    if (!Files.isDirectory(input)) {
      throw new IOException(input + " does not exist");
    }
    try (Stream<Path> s = Files.walk(input)) {
      List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> nameFilter == null || p.getFileName().toString().contains(nameFilter))
          .sorted().toList();
      if (out.isEmpty()) {
        throw new IOException("no " + (nameFilter == null ? "" : nameFilter + " ") + "parquet file under " + input);
      }
      return out;
    }
  }

  /**
   * Reads rows.
   *
   * @param files the parquet files, read in order
   * @param select the SELECT list (DuckDB SQL over the files' columns)
   * @return one map per row, column label to value (String, Double, byte[], List, ...)
   * @throws IOException when DuckDB cannot read them (the message names the files)
   */
  static List<Map<String, Object>> read(List<Path> files, String select) throws IOException {
    StringBuilder list = new StringBuilder("[");
    for (Path f : files) {
      list.append(list.length() > 1 ? "," : "").append(ParquetExport.quote(f.toAbsolutePath().toString()));
    }
    list.append(']');
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads=1");
      try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM read_parquet(" + list
          + ", union_by_name=true)")) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Blob b) {
              v = b.getBytes(1, (int) b.length());
            } else if (v instanceof java.sql.Array a) {
              Object[] arr = (Object[]) a.getArray();
              v = java.util.Arrays.asList(arr);
            }
            row.put(md.getColumnLabel(i), v);
          }
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot read " + files + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
