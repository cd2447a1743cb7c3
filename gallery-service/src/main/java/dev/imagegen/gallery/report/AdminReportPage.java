package dev.imagegen.gallery.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** One page of reports, newest first; {@code page} counts from 1. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdminReportPage(List<AdminReport> items, int page, int size, long total) {
}
