package dev.imagegen.gateway.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The pending (or spent) one-time token that makes the first admin: its SHA-256 only, never the token. */
@Entity
@Table(name = "admin_setup")
public class AdminSetup {

    /** The table holds this one row: a new token replaces the previous one. */
    static final Short ROW = 1;

    @Id
    public Short id;

    /** Hex SHA-256 of the token. */
    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the token made an admin; a used token never works again. */
    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "used_by")
    public UUID usedBy;

    boolean pending() {
        return usedAt == null;
    }
}
