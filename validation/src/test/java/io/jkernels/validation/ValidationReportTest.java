package io.jkernels.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.internal.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's grouping (worst case per operation and backend), verdicts and JSON literals. */
class ValidationReportTest {
  private static CheckResult result(String op, String c, double error, double tol, String failure) {
    return new CheckResult("transport", op, c, "scalar", error, tol, failure, 1);
  }

  @Test
  void summaryKeepsTheWorstCasePerOperation() {
    BackendRun run = new BackendRun("scalar", "CPU", List.of(
        result("apply", "a", 1e-7, 1e-6, null),
        result("apply", "b", 5e-7, 1e-6, null),
        result("fit", "c", 2e-6, 1e-5, null),
        result("fit", "d", 0, 1e-5, "java.lang.AssertionError: NaN changed")), 0, 0.5, null);
    ValidationReport report = new ValidationReport(List.of(run, BackendRun.unavailable("cuda", "no GPU")), 7,
        Map.of("host", "h"));
    List<ValidationReport.Summary> rows = report.summaries();
    assertEquals(2, rows.size());
    assertEquals("b", rows.get(0).worst().caseName());
    assertEquals("PASS", rows.get(0).verdict());
    assertEquals("d", rows.get(1).worst().caseName(), "a failed case outranks any error");
    assertEquals("FAIL", rows.get(1).verdict());
    assertFalse(report.passed());
    assertEquals(1, report.failures());
    assertTrue(report.table().contains("cuda: not run: no GPU"));
    assertTrue(report.markdown().contains("| transport | fit | d | scalar |"));
    assertTrue(report.json().contains("\"unavailable\": \"no GPU\""));
    assertEquals(1, report.failureLines().size());
  }

  @Test
  void jsonLiterals() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.string("a\"b\\c\n\u0001"));
    assertEquals("null", Json.string(null));
    assertEquals("\"Infinity\"", Json.number(Double.POSITIVE_INFINITY));
    assertEquals("\"NaN\"", Json.number(Double.NaN));
    assertEquals("3", Json.number(3.0));
    assertEquals("1.5E-7", Json.number(1.5e-7));
  }
}
