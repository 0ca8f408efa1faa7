/* atelier-param-form.h: a form built from a provider's parameter table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-provider.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_PARAM_FORM (atelier_param_form_get_type ())
G_DECLARE_FINAL_TYPE (AtelierParamForm, atelier_param_form, ATELIER, PARAM_FORM, GtkWidget)

GtkWidget       *atelier_param_form_new          (void);
/* Rebuilds the form for @provider's table (NULL empties it). The prompt
 * parameter (see atelier_param_table_find_prompt()) is left to the
 * window's prompt box. */
void             atelier_param_form_set_provider (AtelierParamForm *self,
                                                  AtelierProvider  *provider);
AtelierProvider *atelier_param_form_get_provider (AtelierParamForm *self);
guint            atelier_param_form_get_n_fields (AtelierParamForm *self);
/* Values that differ from the table's defaults: name → value. */
GHashTable      *atelier_param_form_get_params   (AtelierParamForm *self);
/* Puts @file in the first file parameter; FALSE when there is none. */
gboolean         atelier_param_form_set_file     (AtelierParamForm *self,
                                                  GFile            *file);
/* Sets a parameter's field from its string value (as in a job's params). */
gboolean         atelier_param_form_set_value    (AtelierParamForm *self,
                                                  const char       *name,
                                                  const char       *value);

/* Lets a caller describe choices better than their wire values (a style's
 * name, a tier's expected time); return NULL to keep the default. */
typedef char *(*AtelierChoiceLabelFunc) (const AtelierParamSpec *spec,
                                         const char             *value,
                                         gpointer                user_data);
void             atelier_param_form_set_choice_label_func (AtelierParamForm      *self,
                                                           AtelierChoiceLabelFunc func,
                                                           gpointer               user_data);
/* Leaves out file parameters: for forms of defaults, where a file makes no
 * sense. */
void             atelier_param_form_set_hide_files (AtelierParamForm *self,
                                                    gboolean          hide_files);
/* Builds the form again from the provider's table, keeping what was set
 * (tables can change, e.g. when a live list of choices arrives). */
void             atelier_param_form_rebuild      (AtelierParamForm *self);

/* Signal "changed": any value changed. */

G_END_DECLS
