/* tp-backup.h: rotating backups, restore and integrity checks.
 *
 * Backups are SQLite online backups kept next to the database, in
 * <database folder>/backups/ (folder 0700, files 0600), named
 * taphuan-YYYYMMDD-HHMMSS-<reason>.db in local time. A daily one is made on
 * the first open of a day; tagged ones ("import", "migration", "delete",
 * "restore", "manual"...) before risky operations. Retention keeps the last
 * N daily, the newest daily of M further weeks and a bounded number of
 * tagged ones (docs/data-safety.md).
 */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

#define TP_BACKUP_DEFAULT_KEEP_DAILY   7
#define TP_BACKUP_DEFAULT_KEEP_WEEKLY  4
#define TP_BACKUP_DEFAULT_KEEP_TAGGED 10

typedef struct {
  guint keep_daily;    /* settings key backup.keep_daily */
  guint keep_weekly;   /* backup.keep_weekly */
  guint keep_tagged;   /* backup.keep_tagged */
} TpBackupPolicy;

/* One backup file in the folder. */
typedef struct {
  char      *path;
  char      *reason;    /* "daily", "import", "migration", "manual", ... */
  GDateTime *made_at;   /* local time, from the name */
  gint64     size;
} TpBackupInfo;

/* What a database file holds, read from a private copy. */
typedef struct {
  char     *path;
  gboolean  readable;       /* opened and passed the checks */
  char     *problem;        /* translated, when not readable */
  int       file_version;   /* data format of the file as it is (user_version) */
  guint     n_people;
  guint     n_courses;
  guint     n_enrolments;
  guint     n_certificates;
  char     *last_change;    /* newest change-log time (ISO UTC) or NULL */
} TpBackupContents;

void              tp_backup_info_free      (TpBackupInfo *info);
void              tp_backup_contents_free  (TpBackupContents *contents);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpBackupInfo, tp_backup_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpBackupContents, tp_backup_contents_free)

/* <folder of @db_path>/backups */
char             *tp_backup_folder         (const char *db_path);

/* The office's policy from the settings (defaults where unset). */
void              tp_backup_policy_load    (TpDb           *db,
                                            TpBackupPolicy *policy);

/* A free name for a new backup of the database at @db_path tagged @reason
 * (the folder is made when missing). tp_db_open uses it for the copy made
 * before a migration. */
char             *tp_backup_new_path       (const char  *db_path,
                                            const char  *reason,
                                            GError     **error);
/* Makes a backup tagged @reason (lowercase letters and '-') in the backup
 * folder and applies the retention policy. Returns the new file's path. */
char             *tp_backup_make           (TpDb        *db,
                                            const char  *reason,
                                            GError     **error);
/* The call to make before an import or a bulk delete, outside any
 * transaction: tp_backup_before (db, "import", error). FALSE (with @error)
 * when no backup could be made; the caller should then not go on. Setting
 * "backup.before_<reason>" (e.g. backup.before_import) = "0" turns it off
 * (returns TRUE, makes nothing). */
gboolean          tp_backup_before         (TpDb        *db,
                                            const char  *reason,
                                            GError     **error);
/* Makes the "daily" backup unless one was made today (local date). Sets
 * @made_path (may be NULL) to the new file or NULL when none was due. */
gboolean          tp_backup_daily_if_due   (TpDb        *db,
                                            char       **made_path,
                                            GError     **error);

/* Backups of the database at @db_path, newest first: the backup folder,
 * plus the "<file>.before-vN.bak" copies made by migrations. Never NULL. */
GPtrArray        *tp_backup_list           (const char  *db_path);

/* Deletes the backups @policy does not keep; returns how many went. */
guint             tp_backup_prune          (const char           *db_path,
                                            const TpBackupPolicy *policy,
                                            GError              **error);

/* Opens a private copy of @path (any Taphuan database file) and reports
 * what it holds; never changes @path. With @full_check, runs the full
 * integrity check too. Never NULL: see ->readable and ->problem. */
TpBackupContents *tp_backup_inspect        (const char *path,
                                            gboolean    full_check);

/* PRAGMA integrity_check and foreign_key_check over the whole file. FALSE
 * with TP_ERROR_CORRUPT (naming the first problems) when damaged. */
gboolean          tp_backup_integrity_check (TpDb       *db,
                                             GError    **error);

/* The newest backup of @db_path that opens and passes the full integrity
 * check, or NULL. */
char             *tp_backup_find_newest_good (const char *db_path);

/* Replaces the database at @db_path with @source (a backup or any Taphuan
 * database file). The caller closes its TpDb first and reopens after.
 * @source is checked on a private copy first (and migrated when older);
 * the current file is kept as a "before-restore" backup (a raw "damaged"
 * copy when it cannot be opened) whose path goes to @kept_path; the
 * replacement is a rename, so an interruption leaves either file whole.
 * TP_ERROR_BUSY when another program has the database open. */
gboolean          tp_backup_restore        (const char  *db_path,
                                            const char  *source,
                                            char       **kept_path,
                                            GError     **error);

G_END_DECLS
