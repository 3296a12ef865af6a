/* taphuan-history-dialog.h: the history of a course or a person from the
 * change log (what changed, old → new, when, by whom), newest first, with
 * Revert on each change that can still be undone. */
#pragma once

#include <adwaita.h>

#include "taphuan-window.h"

G_BEGIN_DECLS

typedef enum {
  TAPHUAN_HISTORY_COURSE,
  TAPHUAN_HISTORY_PERSON,
} TaphuanHistoryKind;

#define TAPHUAN_TYPE_HISTORY_DIALOG (taphuan_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanHistoryDialog, taphuan_history_dialog, TAPHUAN, HISTORY_DIALOG, AdwWindow)

TaphuanHistoryDialog *taphuan_history_dialog_new            (TaphuanWindow        *window,
                                                             TaphuanHistoryKind    kind,
                                                             const char           *id);
void                  taphuan_history_dialog_reload         (TaphuanHistoryDialog *self);
guint                 taphuan_history_dialog_get_n_entries  (TaphuanHistoryDialog *self);
/* For tests: entry @i as shown (title, then subtitle), and its Revert
 * button. */
char                 *_taphuan_history_dialog_get_entry_text (TaphuanHistoryDialog *self,
                                                              guint                 i);
GtkWidget            *_taphuan_history_dialog_get_revert_button (TaphuanHistoryDialog *self,
                                                                 guint                 i);

G_END_DECLS
