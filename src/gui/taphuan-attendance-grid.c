/* taphuan-attendance-grid.c: the roll call grid of a course page.
 *
 * A GtkColumnView over the enrolment ids (a GtkStringList), one column per
 * session. GtkColumnView on GTK 4.8 only knows rows, so the grid keeps its
 * own cell cursor: a capture-phase key controller turns arrows and mark
 * keys into cursor moves and writes, and the cursor cell (a flat button,
 * so it can hold the focus and carry an accessible label) is focused when
 * it is on screen. Only the visible cells exist; the marks live in the
 * hash table of tp_store_get_course_marks(), the per-person figures come
 * from tp_attendance_summarize() and the column totals from
 * tp_attendance_session_totals(). Every mark is written at once with
 * tp_store_set_mark(); the schema's triggers log it, and undo reads that
 * log (tp_attendance_undo_last()). */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "taphuan-attendance-grid.h"
#include "taphuan-window.h"
#include "tp-attendance.h"
#include "tp-store.h"

#define SESSION_COLUMN_WIDTH 88

typedef struct
{
  char        *enrolment_id;
  char        *name;
  TpSex        sex;
  gboolean     withdrawn;
  TpAttendanceSummary summary;
} GridRow;

struct _TaphuanAttendanceGrid
{
  AdwBin               parent_instance;

  /* template */
  GtkStack            *stack;
  GtkDropDown         *session_dropdown;
  GtkLabel            *cursor_label;
  GtkWidget           *rest_button;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkBox              *legend;

  TpDb                *db;
  char                *course_id;
  TpCourse            *course;
  GPtrArray           *sessions;        /* TpSession* */
  GPtrArray           *rows;            /* GridRow* */
  GHashTable          *marks;           /* tp_store_get_course_marks () */
  GPtrArray           *session_columns; /* GtkColumnViewColumn* */
  GPtrArray           *column_titles;   /* char*, per session */
  GtkColumnViewColumn *summary_column;
  GHashTable          *bound;           /* GtkWidget* on screen → NULL */

  guint                cursor_row;
  guint                cursor_col;
  int                  sheet_session;   /* -1: all sessions */
  guint                focus_tick;
  guint                focus_tries;
  gboolean             updating;
  gboolean             dirty;           /* marks changed since the window heard */
};

G_DEFINE_FINAL_TYPE (TaphuanAttendanceGrid, taphuan_attendance_grid, ADW_TYPE_BIN)

static void
grid_row_free (GridRow *row)
{
  g_free (row->enrolment_id);
  g_free (row->name);
  g_free (row);
}

/* ---- texts ------------------------------------------------------------- */

static const char *
mark_letter (TpMark mark)
{
  switch (mark)
    {
    /* Translators: one-letter mark for "present" in the attendance grid
     * (Vietnamese: C, có mặt) */
    case TP_MARK_PRESENT: return C_("attendance mark", "P");
    /* Translators: one-letter mark for "late" (Vietnamese: M, muộn) */
    case TP_MARK_LATE: return C_("attendance mark", "L");
    /* Translators: one-letter mark for "excused absence" (Vietnamese: V,
     * vắng có phép) */
    case TP_MARK_EXCUSED: return C_("attendance mark", "E");
    /* Translators: one-letter mark for "absent" (Vietnamese: K, vắng không
     * phép) */
    case TP_MARK_ABSENT: return C_("attendance mark", "A");
    case TP_MARK_NONE:
    default: return "·";
    }
}

static const char *
mark_css_class (TpMark mark)
{
  switch (mark)
    {
    case TP_MARK_PRESENT: return "mark-present";
    case TP_MARK_LATE: return "mark-late";
    case TP_MARK_EXCUSED: return "mark-excused";
    case TP_MARK_ABSENT: return "mark-absent";
    case TP_MARK_NONE:
    default: return "mark-none";
    }
}

static const char *const mark_css_classes[] = {
  "mark-none", "mark-present", "mark-late", "mark-excused", "mark-absent",
};

/* "10/03 Morning" */
static char *
session_short_label (const TpSession *session)
{
  const char *date = session->date != NULL ? session->date : "";

  if (strlen (date) >= 10)
    /* Translators: a session in the grid: day/month and part of the day */
    return g_strdup_printf (_("%.2s/%.2s %s"), date + 8, date + 5,
                            tp_session_part_label (session->part));
  return g_strdup_printf ("%s %s", date, tp_session_part_label (session->part));
}

static char *
row_summary_text (TaphuanAttendanceGrid *self,
                  const GridRow         *row)
{
  const TpAttendanceSummary *s = &row->summary;

  if (row->withdrawn)
    return g_strdup (tp_enrolment_status_label (TP_ENROLMENT_WITHDRAWN));
  if (s->total == 0)
    return g_strdup ("");
  /* Whole percent, rounded down like the completion rule compares. */
  /* Translators: a person's attendance: "83% · Complete" */
  return g_strdup_printf (_("%u%% · %s"), s->attended * 100 / s->total,
                          s->complete ? _("Complete") : _("Not complete"));
}

static GridRow *
get_row (TaphuanAttendanceGrid *self,
         guint                  row)
{
  return self->rows != NULL && row < self->rows->len ? g_ptr_array_index (self->rows, row) : NULL;
}

static TpSession *
get_session (TaphuanAttendanceGrid *self,
             guint                  col)
{
  return self->sessions != NULL && col < self->sessions->len
         ? g_ptr_array_index (self->sessions, col) : NULL;
}

static TpMark
lookup_mark (TaphuanAttendanceGrid *self,
             guint                  row,
             guint                  col)
{
  GridRow *r = get_row (self, row);
  TpSession *s = get_session (self, col);

  if (r == NULL || s == NULL)
    return TP_MARK_NONE;
  return tp_attendance_lookup (self->marks, r->enrolment_id, s->id);
}

/* ---- cells on screen --------------------------------------------------- */

enum { KIND_SESSION, KIND_SUMMARY };

#define CELL_ROW(w)  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), "grid-row"))
#define CELL_COL(w)  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), "grid-col"))
#define CELL_KIND(w) GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), "grid-kind"))

static void
update_session_cell (TaphuanAttendanceGrid *self,
                     GtkWidget             *button)
{
  guint row = CELL_ROW (button), col = CELL_COL (button);
  GridRow *r = get_row (self, row);
  TpSession *s = get_session (self, col);
  TpMark mark = lookup_mark (self, row, col);
  g_autofree char *session = NULL, *label = NULL;

  if (r == NULL || s == NULL)
    return;
  gtk_button_set_label (GTK_BUTTON (button), mark_letter (mark));
  for (guint i = 0; i < G_N_ELEMENTS (mark_css_classes); i++)
    gtk_widget_remove_css_class (button, mark_css_classes[i]);
  gtk_widget_add_css_class (button, mark_css_class (mark));
  /* Only the cursor cell can hold the focus, so Tab leaves the grid and
   * the list, refocusing a recycled row, cannot move the cursor. */
  gtk_widget_set_focusable (button, row == self->cursor_row && col == self->cursor_col);
  if (row == self->cursor_row && col == self->cursor_col)
    gtk_widget_add_css_class (button, "cursor");
  else
    gtk_widget_remove_css_class (button, "cursor");

  session = session_short_label (s);
  /* Translators: accessible name of a grid cell: "Đặng Thị Hoà, 10/03
   * Morning: Present" */
  label = g_strdup_printf (_("%s, %s: %s"), r->name, session, tp_mark_label (mark));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_widget_set_tooltip_text (button, label);
}

static void
update_summary_cell (TaphuanAttendanceGrid *self,
                     GtkWidget             *label)
{
  GridRow *r = get_row (self, CELL_ROW (label));
  g_autofree char *text = NULL;

  if (r == NULL)
    return;
  text = row_summary_text (self, r);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");
  if (r->withdrawn)
    gtk_widget_add_css_class (label, "dim-label");
  else if (r->summary.total > 0)
    gtk_widget_add_css_class (label, r->summary.complete ? "success" : "warning");
}

static void
update_cell (TaphuanAttendanceGrid *self,
             GtkWidget             *widget)
{
  if (CELL_KIND (widget) == KIND_SESSION)
    update_session_cell (self, widget);
  else
    update_summary_cell (self, widget);
}

/* Refreshes the cells on screen of @row (G_MAXUINT: all rows). */
static void
refresh_cells (TaphuanAttendanceGrid *self,
               guint                  row)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    if (row == G_MAXUINT || CELL_ROW (widget) == row)
      update_cell (self, widget);
}

static GtkWidget *
find_cell (TaphuanAttendanceGrid *self,
           guint                  row,
           guint                  col,
           guint                  kind)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    if (CELL_KIND (widget) == kind && CELL_ROW (widget) == row
        && (kind == KIND_SUMMARY || CELL_COL (widget) == col))
      return widget;
  return NULL;
}

/* ---- totals, summaries and the rest of the window ---------------------- */

static void
update_column_title (TaphuanAttendanceGrid *self,
                     guint                  col)
{
  TpSession *s = get_session (self, col);
  guint women = 0, men = 0;
  g_autofree char *day = NULL, *totals = NULL;
  char *title;

  if (s == NULL || col >= self->session_columns->len)
    return;
  tp_attendance_session_totals (self->db, s->id, &women, &men, NULL, NULL);
  day = s->date != NULL && strlen (s->date) >= 10
        ? g_strdup_printf ("%.2s/%.2s", s->date + 8, s->date + 5) : g_strdup (s->date);
  /* Translators: a session's column total: women and men present (or
   * late); keep it short, it sits under the column title */
  totals = g_strdup_printf (_("%u F · %u M"), women, men);
  title = g_strdup_printf ("%s\n%s\n%s", day ? day : "", tp_session_part_label (s->part), totals);
  gtk_column_view_column_set_title (g_ptr_array_index (self->session_columns, col), title);
  g_free (g_ptr_array_index (self->column_titles, col));
  g_ptr_array_index (self->column_titles, col) = title;
}

static void
summarize_row (TaphuanAttendanceGrid *self,
               GridRow               *row)
{
  tp_attendance_summarize (self->course, self->sessions, self->marks, row->enrolment_id,
                           &row->summary);
}

static void
update_actions (TaphuanAttendanceGrid *self)
{
  gboolean ready = self->db != NULL && self->course_id != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.undo",
                                 ready && tp_attendance_can_undo (self->db, self->course_id));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.mark-rest-present",
                                 ready && self->sessions != NULL && self->sessions->len > 0
                                 && self->rows != NULL && self->rows->len > 0);
}

static TaphuanWindow *
get_window (TaphuanAttendanceGrid *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  return window != NULL ? TAPHUAN_WINDOW (window) : NULL;
}

static void
report (TaphuanAttendanceGrid *self,
        const char            *what,
        const GError          *error)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_report_error (window, what, error);
  else
    g_message ("%s: %s", what, error->message);
}

static void
toast (TaphuanAttendanceGrid *self,
       const char            *text)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_show_toast (window, text);
}

/* The rest of the window (the enrolled list's percentages, certificates)
 * catches up when the focus leaves the grid, not on every key press. */
static void
flush_changes (TaphuanAttendanceGrid *self)
{
  TaphuanWindow *window;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  window = get_window (self);
  if (window != NULL)
    taphuan_window_data_changed (window, TAPHUAN_CHANGED_COURSES);
}

static void
update_cursor_label (TaphuanAttendanceGrid *self)
{
  GridRow *r = get_row (self, self->cursor_row);
  TpSession *s = get_session (self, self->cursor_col);
  g_autofree char *session = NULL, *text = NULL, *tooltip = NULL;

  if (r == NULL || s == NULL)
    {
      gtk_label_set_text (self->cursor_label, "");
      return;
    }
  session = session_short_label (s);
  tooltip = g_strdup_printf (_("Mark everyone without a mark present for %s; "
                               "marks already given stay as they are"), session);
  gtk_widget_set_tooltip_text (self->rest_button, tooltip);
  /* Translators: where the cursor is: "No. 12 · Đặng Thị Hoà · 10/03 Morning: Present" */
  text = g_strdup_printf (_("No. %u · %s · %s: %s"), self->cursor_row + 1, r->name, session,
                          tp_mark_label (lookup_mark (self, self->cursor_row, self->cursor_col)));
  gtk_label_set_text (self->cursor_label, text);
}

/* Re-reads every mark (after a batch or an undo). */
static void
reload_marks (TaphuanAttendanceGrid *self)
{
  g_autoptr(GError) error = NULL;
  GHashTable *marks = tp_store_get_course_marks (self->db, self->course_id, &error);

  if (marks == NULL)
    {
      report (self, _("Could not read the attendance"), error);
      return;
    }
  g_clear_pointer (&self->marks, g_hash_table_unref);
  self->marks = marks;
  for (guint i = 0; i < self->rows->len; i++)
    summarize_row (self, g_ptr_array_index (self->rows, i));
  for (guint i = 0; i < self->sessions->len; i++)
    update_column_title (self, i);
  refresh_cells (self, G_MAXUINT);
  update_cursor_label (self);
  update_actions (self);
}

/* ---- writing ----------------------------------------------------------- */

static gboolean
write_mark (TaphuanAttendanceGrid *self,
            guint                  row,
            guint                  col,
            TpMark                 mark)
{
  GridRow *r = get_row (self, row);
  TpSession *s = get_session (self, col);
  g_autoptr(GError) error = NULL;

  if (r == NULL || s == NULL)
    return FALSE;
  if (lookup_mark (self, row, col) == mark)
    return TRUE;
  if (!tp_store_set_mark (self->db, r->enrolment_id, s->id, mark, &error))
    {
      report (self, _("Could not save the mark"), error);
      return FALSE;
    }
  if (mark == TP_MARK_NONE)
    {
      g_autofree char *key = tp_attendance_mark_key (r->enrolment_id, s->id);

      g_hash_table_remove (self->marks, key);
    }
  else
    g_hash_table_insert (self->marks, tp_attendance_mark_key (r->enrolment_id, s->id),
                         GINT_TO_POINTER (mark));
  summarize_row (self, r);
  update_column_title (self, col);
  refresh_cells (self, row);
  update_cursor_label (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.undo", TRUE);
  self->dirty = TRUE;
  return TRUE;
}

/* ---- the cursor -------------------------------------------------------- */

static GtkWidget *
get_list_view (TaphuanAttendanceGrid *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* Scrolls sideways so @cell is in view (the list scrolls itself up and
 * down to its focused row). */
static void
show_cell_horizontally (TaphuanAttendanceGrid *self,
                        GtkWidget             *cell)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->scroller);
  graphene_rect_t bounds;
  double width = gtk_widget_get_width (GTK_WIDGET (self->scroller));

  if (!gtk_widget_compute_bounds (cell, GTK_WIDGET (self->scroller), &bounds))
    return;
  if (bounds.origin.x < 0)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + bounds.origin.x);
  else if (bounds.origin.x + bounds.size.width > width)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj)
                                   + bounds.origin.x + bounds.size.width - width);
}

static gboolean
focus_cursor_cell (TaphuanAttendanceGrid *self)
{
  GtkWidget *cell = find_cell (self, self->cursor_row, self->cursor_col, KIND_SESSION);

  if (cell == NULL || !gtk_widget_get_mapped (cell))
    return FALSE;
  gtk_widget_grab_focus (cell);
  show_cell_horizontally (self, cell);
  return TRUE;
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);

  if (focus_cursor_cell (self) || ++self->focus_tries > 10)
    {
      self->focus_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Puts the keyboard focus on the cursor cell, scrolling it into view first
 * when it is not on screen (the cell exists after the next layout). */
static void
focus_cursor (TaphuanAttendanceGrid *self)
{
  GtkWidget *list_view;

  if (focus_cursor_cell (self))
    return;
  list_view = get_list_view (self);
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", self->cursor_row);
  self->focus_tries = 0;
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
}

static void
move_cursor_to (TaphuanAttendanceGrid *self,
                guint                  row,
                guint                  col,
                gboolean               grab_focus)
{
  guint old_row = self->cursor_row;

  if (self->rows == NULL || self->rows->len == 0 || self->sessions->len == 0)
    return;
  row = MIN (row, self->rows->len - 1);
  col = MIN (col, self->sessions->len - 1);
  if (self->sheet_session >= 0)
    col = self->sheet_session;
  self->cursor_row = row;
  self->cursor_col = col;
  refresh_cells (self, old_row);
  refresh_cells (self, row);
  update_cursor_label (self);
  if (grab_focus)
    focus_cursor (self);
}

static void
cycle_cursor_mark (TaphuanAttendanceGrid *self)
{
  TpMark mark = lookup_mark (self, self->cursor_row, self->cursor_col);

  write_mark (self, self->cursor_row, self->cursor_col,
              mark == TP_MARK_ABSENT ? TP_MARK_NONE : mark + 1);
}

/* Marks the cursor cell; from a scanned sheet, moves on to the next person. */
static void
mark_cursor (TaphuanAttendanceGrid *self,
             TpMark                 mark)
{
  if (!write_mark (self, self->cursor_row, self->cursor_col, mark))
    return;
  if (self->sheet_session >= 0 && mark != TP_MARK_NONE
      && self->cursor_row + 1 < self->rows->len)
    move_cursor_to (self, self->cursor_row + 1, self->cursor_col, TRUE);
}

gboolean
taphuan_attendance_grid_handle_key (TaphuanAttendanceGrid *self,
                                    guint                  keyval,
                                    GdkModifierType        state)
{
  guint row, col, n_rows;

  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), FALSE);

  if (self->rows == NULL || self->rows->len == 0 || self->sessions->len == 0)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;
  row = self->cursor_row;
  col = self->cursor_col;
  n_rows = self->rows->len;

  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_p: case GDK_KEY_c:
      mark_cursor (self, TP_MARK_PRESENT);
      return TRUE;
    case GDK_KEY_l: case GDK_KEY_m:
      mark_cursor (self, TP_MARK_LATE);
      return TRUE;
    case GDK_KEY_e: case GDK_KEY_v:
      mark_cursor (self, TP_MARK_EXCUSED);
      return TRUE;
    case GDK_KEY_a: case GDK_KEY_k:
      mark_cursor (self, TP_MARK_ABSENT);
      return TRUE;
    case GDK_KEY_space: case GDK_KEY_KP_Space:
      cycle_cursor_mark (self);
      return TRUE;
    case GDK_KEY_Delete: case GDK_KEY_KP_Delete: case GDK_KEY_BackSpace:
      write_mark (self, row, col, TP_MARK_NONE);
      return TRUE;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      move_cursor_to (self, row > 0 ? row - 1 : 0, col, TRUE);
      return TRUE;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
      move_cursor_to (self, MIN (row + 1, n_rows - 1), col, TRUE);
      return TRUE;
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      move_cursor_to (self, row, col > 0 ? col - 1 : 0, TRUE);
      return TRUE;
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
      move_cursor_to (self, row, col + 1, TRUE);
      return TRUE;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
      move_cursor_to (self, row > 10 ? row - 10 : 0, col, TRUE);
      return TRUE;
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down:
      move_cursor_to (self, MIN (row + 10, n_rows - 1), col, TRUE);
      return TRUE;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      move_cursor_to (self, row, 0, TRUE);
      return TRUE;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      move_cursor_to (self, row, self->sessions->len - 1, TRUE);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TaphuanAttendanceGrid *self)
{
  return taphuan_attendance_grid_handle_key (self, keyval, state);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                TaphuanAttendanceGrid   *self)
{
  flush_changes (self);
}

/* ---- factories --------------------------------------------------------- */

static void
cell_clicked_cb (GtkButton             *button,
                 TaphuanAttendanceGrid *self)
{
  move_cursor_to (self, CELL_ROW (button), CELL_COL (button), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  cycle_cursor_mark (self);
}

static void
session_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TaphuanAttendanceGrid    *self)
{
  GtkWidget *button = gtk_button_new_with_label ("");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "attendance-cell");
  gtk_widget_set_hexpand (button, TRUE);
  g_object_set_data (G_OBJECT (button), "grid-kind", GUINT_TO_POINTER (KIND_SESSION));
  g_object_set_data (G_OBJECT (button), "grid-col", g_object_get_data (G_OBJECT (factory), "grid-col"));
  g_signal_connect (button, "clicked", G_CALLBACK (cell_clicked_cb), self);
  gtk_list_item_set_child (item, button);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TaphuanAttendanceGrid    *self)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (child), "grid-row",
                     GUINT_TO_POINTER (gtk_list_item_get_position (item)));
  g_hash_table_add (self->bound, child);
  update_cell (self, child);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TaphuanAttendanceGrid    *self)
{
  g_hash_table_remove (self->bound, gtk_list_item_get_child (item));
}

static void
summary_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TaphuanAttendanceGrid    *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "grid-kind", GUINT_TO_POINTER (KIND_SUMMARY));
  gtk_list_item_set_child (item, label);
}

static void
text_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
number_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TaphuanAttendanceGrid    *self)
{
  g_autofree char *text = g_strdup_printf ("%u", gtk_list_item_get_position (item) + 1);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TaphuanAttendanceGrid    *self)
{
  GridRow *r = get_row (self, gtk_list_item_get_position (item));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), r ? r->name : "");
  gtk_widget_set_tooltip_text (label, r ? r->name : NULL);
  if (r != NULL && r->withdrawn)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static GtkColumnViewColumn *
add_text_column (TaphuanAttendanceGrid *self,
                 const char            *title,
                 gboolean               number,
                 GCallback              bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (text_setup_cb), GUINT_TO_POINTER (number));
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

/* ---- building ---------------------------------------------------------- */

static void
clear_columns (TaphuanAttendanceGrid *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
  g_ptr_array_set_size (self->session_columns, 0);
  g_ptr_array_set_size (self->column_titles, 0);
  self->summary_column = NULL;
}

static void
build_columns (TaphuanAttendanceGrid *self)
{
  GtkColumnViewColumn *column;
  GtkListItemFactory *factory;

  /* Translators: column of the row number, as on the printed sheet */
  column = add_text_column (self, _("No."), TRUE, G_CALLBACK (number_bind_cb));
  gtk_column_view_column_set_fixed_width (column, 48);
  column = add_text_column (self, _("Name"), FALSE, G_CALLBACK (name_bind_cb));
  gtk_column_view_column_set_fixed_width (column, 210);
  gtk_column_view_column_set_resizable (column, TRUE);

  /* Right after the name, so it stays in view however many sessions. */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (summary_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);
  self->summary_column = gtk_column_view_column_new (_("Attendance"), factory);
  gtk_column_view_column_set_fixed_width (self->summary_column, 150);
  gtk_column_view_append_column (self->column_view, self->summary_column);
  g_object_unref (self->summary_column);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      factory = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (factory), "grid-col", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (session_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);
      column = gtk_column_view_column_new (NULL, factory);
      gtk_column_view_column_set_fixed_width (column, SESSION_COLUMN_WIDTH);
      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->session_columns, column);
      g_ptr_array_add (self->column_titles, NULL);
      g_object_unref (column);
      update_column_title (self, i);
    }
}

static void
build_session_choices (TaphuanAttendanceGrid *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_string_list_append (choices, _("All Sessions"));
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const TpSession *s = g_ptr_array_index (self->sessions, i);
      g_autofree char *label = session_short_label (s);
      /* Translators: a choice of the session drop-down: one session only */
      g_autofree char *choice = g_strdup_printf (_("Sheet of %s"), label);

      gtk_string_list_append (choices, choice);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->session_dropdown, G_LIST_MODEL (choices));
  gtk_drop_down_set_selected (self->session_dropdown, self->sheet_session + 1);
  self->updating = FALSE;
}

static void
apply_sheet_session (TaphuanAttendanceGrid *self)
{
  for (guint i = 0; i < self->session_columns->len; i++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->session_columns, i),
                                        self->sheet_session < 0 || (int) i == self->sheet_session);
}

static gboolean
same_ids (GPtrArray  *old_items,
          gsize       old_offset,
          GPtrArray  *new_items,
          gsize       new_offset)
{
  if (old_items == NULL || new_items == NULL || old_items->len != new_items->len)
    return FALSE;
  for (guint i = 0; i < old_items->len; i++)
    {
      const char *a = G_STRUCT_MEMBER (const char *, g_ptr_array_index (old_items, i), old_offset);
      const char *b = G_STRUCT_MEMBER (const char *, g_ptr_array_index (new_items, i), new_offset);

      if (g_strcmp0 (a, b) != 0)
        return FALSE;
    }
  return TRUE;
}

void
taphuan_attendance_grid_reload (TaphuanAttendanceGrid *self)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) enrolments = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GtkStringList) ids = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GError) error = NULL;
  TpCourse *course;

  g_return_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self));

  if (self->db == NULL || self->course_id == NULL
      || (course = tp_store_get_course (self->db, self->course_id, NULL)) == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      clear_columns (self);
      g_clear_pointer (&self->course, tp_course_free);
      g_clear_pointer (&self->sessions, g_ptr_array_unref);
      g_clear_pointer (&self->rows, g_ptr_array_unref);
      g_clear_pointer (&self->marks, g_hash_table_unref);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  g_clear_pointer (&self->course, tp_course_free);
  self->course = course;

  sessions = tp_store_list_sessions (self->db, self->course_id, &error);
  if (sessions != NULL)
    enrolments = tp_store_list_enrolments (self->db, self->course_id, &error);
  if (enrolments == NULL)
    {
      report (self, _("Could not read the attendance"), error);
      return;
    }

  /* The same people and sessions: refresh the marks in place, so a reload
   * of the course page keeps the cursor, the focus and the scroll. */
  if (self->rows != NULL && self->sessions != NULL
      && same_ids (self->sessions, G_STRUCT_OFFSET (TpSession, id), sessions,
                   G_STRUCT_OFFSET (TpSession, id))
      && same_ids (self->rows, G_STRUCT_OFFSET (GridRow, enrolment_id), enrolments,
                   G_STRUCT_OFFSET (TpEnrolment, id)))
    {
      for (guint i = 0; i < enrolments->len; i++)
        {
          const TpEnrolment *e = g_ptr_array_index (enrolments, i);

          ((GridRow *) g_ptr_array_index (self->rows, i))->withdrawn =
            e->status == TP_ENROLMENT_WITHDRAWN;
        }
      g_clear_pointer (&self->sessions, g_ptr_array_unref);
      self->sessions = g_steal_pointer (&sessions);
      reload_marks (self);
      return;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) grid_row_free);
  ids = gtk_string_list_new (NULL);
  for (guint i = 0; i < enrolments->len; i++)
    {
      const TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) person = tp_store_get_person (self->db, e->person_id, NULL);
      GridRow *row = g_new0 (GridRow, 1);

      row->enrolment_id = g_strdup (e->id);
      row->name = g_strdup (person != NULL ? person->full_name : e->person_id);
      row->sex = person != NULL ? person->sex : TP_SEX_UNKNOWN;
      row->withdrawn = e->status == TP_ENROLMENT_WITHDRAWN;
      g_ptr_array_add (rows, row);
      gtk_string_list_append (ids, e->id);
    }

  gtk_column_view_set_model (self->column_view, NULL);
  clear_columns (self);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->sessions = g_steal_pointer (&sessions);
  self->rows = g_steal_pointer (&rows);
  if (self->sheet_session >= (int) self->sessions->len)
    self->sheet_session = -1;
  if (self->cursor_row >= self->rows->len)
    self->cursor_row = 0;
  if (self->cursor_col >= self->sessions->len)
    self->cursor_col = 0;

  if (self->sessions->len == 0 || self->rows->len == 0)
    {
      g_clear_pointer (&self->marks, g_hash_table_unref);
      self->marks = g_hash_table_new (g_str_hash, g_str_equal);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }

  build_columns (self);
  build_session_choices (self);
  apply_sheet_session (self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&ids)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_stack_set_visible_child_name (self->stack, "grid");
  reload_marks (self);
}

void
taphuan_attendance_grid_set_course (TaphuanAttendanceGrid *self,
                                    TpDb                  *db,
                                    const char            *course_id)
{
  g_return_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self));

  if (db != self->db || g_strcmp0 (course_id, self->course_id) != 0)
    {
      /* Another course: start from the first cell, all sessions. */
      g_set_object (&self->db, db);
      g_free (self->course_id);
      self->course_id = g_strdup (course_id);
      gtk_column_view_set_model (self->column_view, NULL);
      g_clear_pointer (&self->rows, g_ptr_array_unref);
      self->cursor_row = self->cursor_col = 0;
      self->sheet_session = -1;
      self->dirty = FALSE;
    }
  taphuan_attendance_grid_reload (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
session_selected_cb (TaphuanAttendanceGrid *self)
{
  if (self->updating)
    return;
  taphuan_attendance_grid_set_sheet_session (self,
                                             (int) gtk_drop_down_get_selected (self->session_dropdown) - 1);
}

static void
set_mark_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);
  const char *name = g_variant_get_string (param, NULL);
  TpMark mark = TP_MARK_NONE;

  if (self->rows == NULL || self->sessions == NULL || self->sessions->len == 0)
    return;
  if (name[0] != '\0' && !g_str_equal (name, "none") && !tp_mark_from_string (name, &mark))
    return;
  mark_cursor (self, mark);
}

static void
cycle_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);

  if (self->rows != NULL && self->sessions != NULL && self->sessions->len > 0)
    cycle_cursor_mark (self);
}

static void
mark_rest_present_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);
  const char *session_id = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *label = NULL;
  TpSession *session = NULL;
  int added;

  if (self->sessions == NULL)
    return;
  for (guint i = 0; i < self->sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (self->sessions, i);

      if (session_id[0] == '\0' ? i == self->cursor_col : g_strcmp0 (s->id, session_id) == 0)
        session = s;
    }
  if (session == NULL)
    return;

  added = tp_attendance_mark_rest_present (self->db, session->id, NULL, &error);
  if (added < 0)
    {
      report (self, _("Could not mark the rest present"), error);
      return;
    }
  reload_marks (self);
  self->dirty = TRUE;
  label = session_short_label (session);
  if (added == 0)
    /* Translators: %s is a session ("10/03 Morning") */
    text = g_strdup_printf (_("Everybody already has a mark for %s"), label);
  else
    /* Translators: %d people, %s a session ("10/03 Morning") */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d person marked present for %s",
                                         "%d people marked present for %s", added), added, label);
  toast (self, text);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int restored;

  if (self->db == NULL || self->course_id == NULL)
    return;
  restored = tp_attendance_undo_last (self->db, self->course_id, &error);
  if (restored < 0)
    {
      report (self, _("Could not undo the last change"), error);
      return;
    }
  reload_marks (self);
  self->dirty = TRUE;
  if (restored > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d mark restored",
                                           "%d marks restored", restored), restored);
      toast (self, text);
    }
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (widget);
  const char *where = g_variant_get_string (param, NULL);
  static const struct { const char *name; guint keyval; } moves[] = {
    { "up", GDK_KEY_Up }, { "down", GDK_KEY_Down },
    { "left", GDK_KEY_Left }, { "right", GDK_KEY_Right },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (where, moves[i].name))
      taphuan_attendance_grid_handle_key (self, moves[i].keyval, 0);
}

/* ---- public ------------------------------------------------------------ */

GtkWidget *
taphuan_attendance_grid_new (void)
{
  return g_object_new (TAPHUAN_TYPE_ATTENDANCE_GRID, NULL);
}

guint
taphuan_attendance_grid_get_n_people (TaphuanAttendanceGrid *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), 0);
  return self->rows != NULL ? self->rows->len : 0;
}

guint
taphuan_attendance_grid_get_n_sessions (TaphuanAttendanceGrid *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), 0);
  return self->sessions != NULL ? self->sessions->len : 0;
}

void
taphuan_attendance_grid_set_cursor (TaphuanAttendanceGrid *self,
                                    guint                  row,
                                    guint                  column)
{
  g_return_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self));
  move_cursor_to (self, row, column, gtk_widget_get_mapped (GTK_WIDGET (self)));
}

void
taphuan_attendance_grid_get_cursor (TaphuanAttendanceGrid *self,
                                    guint                 *row,
                                    guint                 *column)
{
  g_return_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self));
  if (row != NULL)
    *row = self->cursor_row;
  if (column != NULL)
    *column = self->cursor_col;
}

void
taphuan_attendance_grid_set_sheet_session (TaphuanAttendanceGrid *self,
                                           int                    column)
{
  g_return_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self));

  if (self->sessions == NULL || column < -1 || column >= (int) self->sessions->len)
    column = -1;
  self->sheet_session = column;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->session_dropdown, column + 1);
  self->updating = FALSE;
  apply_sheet_session (self);
  if (column >= 0)
    /* From a scanned sheet: start at the top of the sheet. */
    move_cursor_to (self, 0, column, gtk_widget_get_mapped (GTK_WIDGET (self)));
}

int
taphuan_attendance_grid_get_sheet_session (TaphuanAttendanceGrid *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), -1);
  return self->sheet_session;
}

TpMark
taphuan_attendance_grid_get_mark (TaphuanAttendanceGrid *self,
                                  guint                  row,
                                  guint                  column)
{
  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), TP_MARK_NONE);
  return lookup_mark (self, row, column);
}

char *
taphuan_attendance_grid_dup_row_summary (TaphuanAttendanceGrid *self,
                                         guint                  row)
{
  GridRow *r;

  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), NULL);
  r = get_row (self, row);
  return r != NULL ? row_summary_text (self, r) : NULL;
}

const char *
taphuan_attendance_grid_get_column_title (TaphuanAttendanceGrid *self,
                                          guint                  column)
{
  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), NULL);
  return column < self->column_titles->len ? g_ptr_array_index (self->column_titles, column) : NULL;
}

const char *
taphuan_attendance_grid_get_cell_text (TaphuanAttendanceGrid *self,
                                       guint                  row,
                                       guint                  column)
{
  GtkWidget *cell;

  g_return_val_if_fail (TAPHUAN_IS_ATTENDANCE_GRID (self), NULL);
  if (self->sessions != NULL && column == self->sessions->len)
    {
      cell = find_cell (self, row, 0, KIND_SUMMARY);
      return cell != NULL ? gtk_label_get_text (GTK_LABEL (cell)) : NULL;
    }
  cell = find_cell (self, row, column, KIND_SESSION);
  return cell != NULL ? gtk_button_get_label (GTK_BUTTON (cell)) : NULL;
}

/* ---- the object -------------------------------------------------------- */

static void
build_legend (TaphuanAttendanceGrid *self)
{
  static const TpMark marks[] = {
    TP_MARK_PRESENT, TP_MARK_LATE, TP_MARK_EXCUSED, TP_MARK_ABSENT, TP_MARK_NONE,
  };
  /* Translators: the keys that set each mark, English letter then the
   * Vietnamese initial; keep the letters */
  const char *keys[] = { _("P or C"), _("L or M"), _("E or V"), _("A or K"), _("Delete") };
  GtkWidget *hint;

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *letter = gtk_label_new (mark_letter (marks[i]));
      g_autofree char *text = g_strdup_printf ("%s (%s)", tp_mark_label (marks[i]), keys[i]);

      gtk_widget_add_css_class (letter, "attendance-cell");
      gtk_widget_add_css_class (letter, "legend");
      gtk_widget_add_css_class (letter, mark_css_class (marks[i]));
      gtk_widget_set_valign (item, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (item), letter);
      gtk_box_append (GTK_BOX (item), gtk_label_new (text));
      gtk_box_append (self->legend, item);
    }
  hint = gtk_label_new (_("Space cycles · Enter moves down · Ctrl+Z undoes · "
                          "totals: present women (F) and men (M)"));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_widget_set_margin_bottom (hint, 6);
  gtk_widget_add_css_class (hint, "dim-label");
  /* Under the legend, on a line of its own. */
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->legend))), hint);
}

static void
taphuan_attendance_grid_unmap (GtkWidget *widget)
{
  flush_changes (TAPHUAN_ATTENDANCE_GRID (widget));
  GTK_WIDGET_CLASS (taphuan_attendance_grid_parent_class)->unmap (widget);
}

static void
taphuan_attendance_grid_dispose (GObject *object)
{
  TaphuanAttendanceGrid *self = TAPHUAN_ATTENDANCE_GRID (object);

  if (self->focus_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
      self->focus_tick = 0;
    }
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_ATTENDANCE_GRID);
  g_clear_object (&self->db);
  g_clear_pointer (&self->course_id, g_free);
  g_clear_pointer (&self->course, tp_course_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_hash_table_unref);
  g_clear_pointer (&self->session_columns, g_ptr_array_unref);
  g_clear_pointer (&self->column_titles, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_attendance_grid_parent_class)->dispose (object);
}

static void
taphuan_attendance_grid_class_init (TaphuanAttendanceGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_attendance_grid_dispose;
  widget_class->unmap = taphuan_attendance_grid_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-attendance-grid.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanAttendanceGrid, name)
  BIND (stack);
  BIND (session_dropdown);
  BIND (cursor_label);
  BIND (rest_button);
  BIND (scroller);
  BIND (column_view);
  BIND (legend);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, session_selected_cb);

  gtk_widget_class_install_action (widget_class, "grid.set-mark", "s", set_mark_action);
  gtk_widget_class_install_action (widget_class, "grid.cycle", NULL, cycle_action);
  gtk_widget_class_install_action (widget_class, "grid.move", "s", move_action);
  gtk_widget_class_install_action (widget_class, "grid.mark-rest-present", "s",
                                   mark_rest_present_action);
  gtk_widget_class_install_action (widget_class, "grid.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "grid.undo", NULL);
}

static void
taphuan_attendance_grid_init (TaphuanAttendanceGrid *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->sheet_session = -1;
  self->bound = g_hash_table_new (NULL, NULL);
  self->session_columns = g_ptr_array_new ();
  self->column_titles = g_ptr_array_new_with_free_func (g_free);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  build_legend (self);
  update_actions (self);
}
