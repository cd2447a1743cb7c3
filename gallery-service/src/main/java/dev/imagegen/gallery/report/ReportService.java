package dev.imagegen.gallery.report;

import dev.imagegen.common.problem.ProblemException;
import dev.imagegen.gallery.image.ImageFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

/** Filing reports about images, and the admins' list and decisions. */
@ApplicationScoped
public class ReportService {

    /** A report and whether this call filed it (false: the reporter's open report already on file). */
    record Filed(ImageReport report, boolean created) {

        /** 201 for a new report, 200 for the one already open. */
        RestResponse<ReportReceipt> response() {
            ReportReceipt receipt = ReportReceipt.of(report);
            return created ? RestResponse.status(RestResponse.Status.CREATED, receipt) : RestResponse.ok(receipt);
        }
    }

    private final ReportRepository reports;
    private final MeterRegistry registry;

    ReportService(ReportRepository reports, MeterRegistry registry) {
        this.reports = reports;
        this.registry = registry;
    }

    /** The owner reports one of their own images; another user's image is answered as missing. */
    Uni<Filed> reportOwn(UUID userId, UUID imageId, ReportRequest request) {
        return reports.ownedImage(userId, imageId)
                .map(target -> orNotFound(target, "Image"))
                .chain(target -> file(target, userId, request));
    }

    /** Anyone holding a live share link reports its image; {@code reporterId} is null when not logged in. */
    Uni<Filed> reportShared(String token, UUID reporterId, ReportRequest request) {
        return reports.sharedImage(token)
                .map(target -> {
                    if (target == null) {
                        throw new ProblemException(404, "not_found", "This link does not exist or was revoked");
                    }
                    return target;
                })
                .chain(target -> file(target, reporterId, request));
    }

    private Uni<Filed> file(ReportRepository.Target target, UUID reporterId, ReportRequest request) {
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        return reports.insert(UUID.randomUUID(), target, reporterId, request.reason(), note)
                .chain(id -> {
                    if (id == null) {
                        // Resolved between the insert and this read: then the report is filed anew.
                        return reports.findOpen(target.imageId(), reporterId).chain(open -> open == null
                                ? file(target, reporterId, request)
                                : Uni.createFrom().item(new Filed(open, false)));
                    }
                    Counter.builder("imagegen.image.reports").description("Images reported, by reason")
                            .tag("reason", request.reason()).register(registry).increment();
                    Log.infof("Image %s reported (%s), report %s", target.imageId(), request.reason(), id);
                    return reports.find(id).map(created -> new Filed(created, true));
                });
    }

    Uni<AdminReportPage> list(String status, int page, int size) {
        return Uni.combine().all().unis(reports.count(status), reports.list(status, page - 1, size))
                .with((total, items) -> new AdminReportPage(items.stream().map(AdminReport::of).toList(), page,
                        size, total));
    }

    Uni<ImageFile> image(UUID reportId) {
        return reports.thumbnail(reportId).map(file -> orNotFound(file, "Report")
                .orElseThrow(() -> new ProblemException(404, "image_removed", "The image was removed")));
    }

    /** Applies the admin's decision; a report already resolved answers 409, so two admins never both act. */
    Uni<AdminReport> resolve(UUID reportId, UUID adminId, String action) {
        Uni<Boolean> applied = ImageReport.REMOVE_IMAGE.equals(action) ? reports.removeImage(reportId, adminId)
                : reports.dismiss(reportId, adminId);
        return applied.chain(done -> reports.find(reportId).map(report -> {
            orNotFound(report, "Report");
            if (!done) {
                throw new ProblemException(409, "already_resolved", "This report was already resolved");
            }
            if (ImageReport.REMOVE_IMAGE.equals(action)) {
                Log.infof("Admin %s removed image %s (report %s)", adminId, report.imageId(), reportId);
            }
            return AdminReport.of(report);
        }));
    }

    private static <T> T orNotFound(T found, String what) {
        if (found == null) {
            throw ProblemException.notFound(what);
        }
        return found;
    }
}
