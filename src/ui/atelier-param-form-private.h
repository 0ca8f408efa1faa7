/* atelier-param-form-private.h: what the form and its field builders share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-param-form.h"

G_BEGIN_DECLS

/* One parameter's row and what it holds. */
typedef struct
{
  AtelierParamForm       *form;     /* unowned */
  const AtelierParamSpec *spec;
  GtkWidget              *row;
  GtkWidget              *control;  /* spin, switch, entry row, combo row */
  GtkWidget              *chips;    /* COLORS */
  GStrv                   files;    /* FILE */
  gboolean                has_none; /* ENUM: first item means "omit" */
  gboolean                touched;
} AtelierParamField;

/* From atelier-param-form.c */
void        _atelier_param_field_changed      (AtelierParamField      *field);
char       *_atelier_param_form_choice_label  (AtelierParamForm       *form,
                                               const AtelierParamSpec *spec,
                                               const char             *choice);
const char *_atelier_param_spec_label         (const AtelierParamSpec *spec);

/* From atelier-param-field.c: one builder per parameter type */
GtkWidget  *_atelier_param_field_build_enum   (AtelierParamField *field);
GtkWidget  *_atelier_param_field_build_entry  (AtelierParamField *field);
GtkWidget  *_atelier_param_field_build_colors (AtelierParamField *field);
GtkWidget  *_atelier_param_field_build_int    (AtelierParamField *field);
GtkWidget  *_atelier_param_field_build_bool   (AtelierParamField *field);
GtkWidget  *_atelier_param_field_build_file   (AtelierParamField *field);
const char *_atelier_param_field_enum_value   (AtelierParamField *field);
void        _atelier_param_field_update_files (AtelierParamField *field);
void        _atelier_param_field_add_file     (AtelierParamField *field,
                                               GFile             *file);

G_END_DECLS
