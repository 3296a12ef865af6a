/* taphuan-snapshot.c: copies of rows for Undo. */
#include "config.h"

#include "taphuan-snapshot.h"

typedef struct
{
  char       *table;
  char      **columns;   /* NULL-terminated */
  GPtrArray  *rows;      /* of GPtrArray of sqlite3_value* */
} TableRows;

struct _TaphuanSnapshot
{
  GPtrArray *tables;     /* of TableRows* */
};

static void
value_free (gpointer value)
{
  sqlite3_value_free (value);
}

static void
table_rows_free (gpointer data)
{
  TableRows *t = data;

  g_free (t->table);
  g_strfreev (t->columns);
  g_ptr_array_unref (t->rows);
  g_free (t);
}

TaphuanSnapshot *
taphuan_snapshot_new (void)
{
  TaphuanSnapshot *self = g_new0 (TaphuanSnapshot, 1);

  self->tables = g_ptr_array_new_with_free_func (table_rows_free);
  return self;
}

void
taphuan_snapshot_free (TaphuanSnapshot *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->tables);
  g_free (self);
}

gboolean
taphuan_snapshot_add (TaphuanSnapshot  *self,
                      TpDb             *db,
                      const char       *table,
                      const char       *where,
                      const char       *param,
                      GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE %s", table, where);
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  TableRows *t;
  int n_cols, rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  n_cols = sqlite3_column_count (stmt);
  t = g_new0 (TableRows, 1);
  t->table = g_strdup (table);
  t->columns = g_new0 (char *, n_cols + 1);
  for (int i = 0; i < n_cols; i++)
    t->columns[i] = g_strdup (sqlite3_column_name (stmt, i));
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (value_free);

      for (int i = 0; i < n_cols; i++)
        g_ptr_array_add (row, sqlite3_value_dup (sqlite3_column_value (stmt, i)));
      g_ptr_array_add (t->rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      table_rows_free (t);
      return tp_db_set_error (db, rc, error);
    }
  g_ptr_array_add (self->tables, t);
  return TRUE;
}

guint
taphuan_snapshot_n_rows (TaphuanSnapshot *self)
{
  guint n = 0;

  for (guint i = 0; i < self->tables->len; i++)
    n += ((TableRows *) g_ptr_array_index (self->tables, i))->rows->len;
  return n;
}

static gboolean
restore_table (TableRows  *t,
               TpDb       *db,
               GError    **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n_cols = g_strv_length (t->columns);
  sqlite3_stmt *stmt;

  if (t->rows->len == 0)
    return TRUE;
  g_string_append_printf (sql, "INSERT INTO %s (", t->table);
  for (guint i = 0; i < n_cols; i++)
    g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", t->columns[i]);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < n_cols; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");

  stmt = tp_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < t->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (t->rows, r);
      int rc;

      sqlite3_reset (stmt);
      for (guint i = 0; i < n_cols; i++)
        sqlite3_bind_value (stmt, i + 1, g_ptr_array_index (row, i));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return tp_db_set_error (db, rc, error);
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
taphuan_snapshot_restore (TaphuanSnapshot  *self,
                          TpDb             *db,
                          GError          **error)
{
  if (!tp_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < self->tables->len; i++)
    if (!restore_table (g_ptr_array_index (self->tables, i), db, error))
      {
        tp_db_rollback (db);
        return FALSE;
      }
  return tp_db_commit (db, error);
}
