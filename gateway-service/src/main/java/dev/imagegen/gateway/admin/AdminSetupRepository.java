package dev.imagegen.gateway.admin;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
class AdminSetupRepository implements PanacheRepositoryBase<AdminSetup, Short> {

    /** The setup row, or null. */
    Uni<AdminSetup> current() {
        return findById(AdminSetup.ROW);
    }

    /** The setup row locked until the transaction ends, so two uses of one token happen one after the other. */
    Uni<AdminSetup> lockCurrent() {
        return findById(AdminSetup.ROW, LockModeType.PESSIMISTIC_WRITE);
    }
}
