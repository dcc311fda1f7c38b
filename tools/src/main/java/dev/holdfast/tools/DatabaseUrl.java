package dev.holdfast.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PostgreSQL JDBC URL taken apart: the server, and the database on it. */
record DatabaseUrl(String prefix, String database, String suffix, String user, String password) {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?");

    static DatabaseUrl parse(String url, String user, String password) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/database URL: " + url);
        }
        return new DatabaseUrl(matcher.group(1), matcher.group(2), matcher.group(3) == null ? "" : matcher.group(3),
                user, password);
    }

    static DatabaseUrl fromEnvironment() {
        return parse(Settings.get("HOLDFAST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/holdfast"),
                Settings.get("HOLDFAST_DB_USER", "postgres"), Settings.get("HOLDFAST_DB_PASSWORD", ""));
    }

    String url() {
        return prefix + database + suffix;
    }

    DatabaseUrl withDatabase(String name) {
        return new DatabaseUrl(prefix, name, suffix, user, password);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    /** Creates the database unless it exists, connecting to the server's {@code postgres} database to do so. */
    void createIfMissing() throws SQLException {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("unusual database name '" + database + "': create it yourself");
        }
        try (Connection admin = withDatabase("postgres").connect(); Statement statement = admin.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("create database " + database);
                System.err.println("created database " + database);
            }
        }
    }

    long oid() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("select oid from pg_database where datname = current_database()");
            result.next();
            return result.getLong(1);
        }
    }

    void drop() throws SQLException {
        try (Connection admin = withDatabase("postgres").connect(); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }
}
