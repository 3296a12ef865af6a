/* tp-refdata.h: reference data kept in the database: provinces and
 * communes (with the version of the admin-unit data), the 54 ethnic groups
 * with both official code lists, course types, target groups, funding
 * sources and agencies with the dates their names were valid. */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

#define TP_ADMIN_DATA_VERSION "2026-07-25"

typedef struct {
  char *id;          /* code for provinces and communes */
  char *name;        /* in the interface language: the English name when
                      * the interface is not Vietnamese and one exists
                      * (course types, target groups, funding sources);
                      * otherwise Vietnamese (full name for admin units) */
  char *name_en;
  char *name_vi;     /* always Vietnamese: for printed documents */
  char *parent;      /* province code of a commune, parent agency... */
  char *extra;       /* ethnic groups: "code_1979;code_2008"; types: "tot" */
} TpRefItem;

void       tp_ref_item_free             (TpRefItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpRefItem, tp_ref_item_free)

/* Loads the shipped reference data into a database that has none (called
 * by tp_db_open on a new file, inside its transaction). */
gboolean   tp_refdata_load_defaults     (TpDb        *db,
                                         GError     **error);

/* Arrays of TpRefItem*, in display order. */
GPtrArray *tp_refdata_list_provinces    (TpDb        *db);
GPtrArray *tp_refdata_list_communes     (TpDb        *db,
                                         const char  *province_code);
GPtrArray *tp_refdata_list_ethnic_groups (TpDb       *db);
GPtrArray *tp_refdata_list_course_types (TpDb        *db);
GPtrArray *tp_refdata_list_target_groups (TpDb       *db);
GPtrArray *tp_refdata_list_funding_sources (TpDb     *db);

/* Display names in the interface language, as item->name of the lists
 * above (NULL when unknown). */
char      *tp_refdata_province_name     (TpDb *db, const char *code);
char      *tp_refdata_commune_name      (TpDb *db, const char *code);
char      *tp_refdata_ethnicity_name    (TpDb *db, const char *id);
char      *tp_refdata_course_type_name  (TpDb *db, const char *id);
char      *tp_refdata_target_group_name (TpDb *db, const char *id);
char      *tp_refdata_funding_source_name (TpDb *db, const char *id);
/* Vietnamese names whatever the interface language: printed documents and
 * stored records. */
char      *tp_refdata_course_type_name_vi  (TpDb *db, const char *id);
char      *tp_refdata_target_group_name_vi (TpDb *db, const char *id);
char      *tp_refdata_funding_source_name_vi (TpDb *db, const char *id);
gboolean   tp_refdata_course_type_is_tot (TpDb *db, const char *id);
gboolean   tp_refdata_exists            (TpDb *db, const char *table, const char *id);

/* The ethnic group id named by free text: the Vietnamese name of one of the
 * 54 groups or an alias, ignoring case, marks, hyphens and spaces
 * ("Mèo" → "hmong", "Khơ Me" → "khome"). NULL when none. */
char      *tp_refdata_match_ethnicity   (TpDb        *db,
                                         const char  *text);
/* Kinh or not; FALSE for NULL. */
gboolean   tp_refdata_is_ethnic_minority (const char *ethnicity_id);

/* The name of agency @agency_id valid on @date (YYYY-MM-DD): the successor
 * named for a later date ("Sở Nội vụ" from 1 March 2025, "Sở Lao động -
 * Thương binh và Xã hội" before). */
char      *tp_refdata_agency_name_on    (TpDb        *db,
                                         const char  *role,
                                         const char  *date);

/* Adds a user-defined course type, target group or funding source. */
gboolean   tp_refdata_add               (TpDb        *db,
                                         const char  *table,
                                         const char  *id,
                                         const char  *name_vi,
                                         const char  *name_en,
                                         GError     **error);

G_END_DECLS
