package dev.imagegen.gateway.admin;

import java.util.List;

/** The accounts found, sorted by email. */
public record AdminUserList(List<AdminUser> items) {
}
