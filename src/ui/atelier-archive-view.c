/* atelier-archive-view.c: the files inside a ZIP result
 *
 * A print export is a ZIP of artwork pieces; what matters is which pieces
 * it holds and where it is, so the view lists them (read with libarchive,
 * headers only) and offers the folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-archive"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>

#include "atelier-archive-view.h"

/* Enough for any print export; a hostile file stops here. */
#define MAX_ENTRIES 4096

struct _AtelierArchiveView
{
  GtkWidget   parent_instance;

  GtkWidget  *page;     /* AdwStatusPage */
  GtkWidget  *list;     /* GtkListBox */
  GPtrArray  *names;
};

G_DEFINE_FINAL_TYPE (AtelierArchiveView, atelier_archive_view, GTK_TYPE_WIDGET)

GPtrArray *
atelier_archive_list (const char  *path,
                      GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  int r = ARCHIVE_OK;

  archive_read_support_format_zip (a);
  if (archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Could not read %s: %s"), path,
                   archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  while (names->len < MAX_ENTRIES && (r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (entry);

      if (name == NULL)
        name = archive_entry_pathname (entry);
      g_ptr_array_add (names, g_strdup_printf ("%s\t%" G_GINT64_FORMAT, name ? name : "?",
                                               (gint64) archive_entry_size (entry)));
      archive_read_data_skip (a);
    }
  if (r != ARCHIVE_OK && r != ARCHIVE_EOF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Could not read %s: %s"), path,
                   archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);
  /* "name\tsize" → name, the size shown apart. */
  return g_steal_pointer (&names);
}

void
atelier_archive_view_set_path (AtelierArchiveView *self,
                               const char         *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *description = NULL;
  GtkWidget *child;

  g_return_if_fail (ATELIER_IS_ARCHIVE_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->names, 0);
  if (path == NULL)
    return;

  entries = atelier_archive_list (path, &error);
  if (entries == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->page), error->message);
      gtk_widget_set_visible (self->list, FALSE);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (entries, i), "\t", 2);
      g_autofree char *size = g_format_size (g_ascii_strtoull (parts[1] ? parts[1] : "0", NULL, 10));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), parts[0]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, parts[0],
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, size,
                                      -1);
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      g_ptr_array_add (self->names, g_strdup (parts[0]));
    }
  description = g_strdup_printf (ngettext ("%u file, ready to print, in %s",
                                           "%u files, ready to print, in %s", entries->len),
                                 entries->len, path);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->page), description);
  gtk_widget_set_visible (self->list, entries->len > 0);
}

GPtrArray *
atelier_archive_view_get_names (AtelierArchiveView *self)
{
  g_return_val_if_fail (ATELIER_IS_ARCHIVE_VIEW (self), NULL);
  return self->names;
}

static void
atelier_archive_view_dispose (GObject *object)
{
  AtelierArchiveView *self = ATELIER_ARCHIVE_VIEW (object);

  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  G_OBJECT_CLASS (atelier_archive_view_parent_class)->dispose (object);
}

static void
atelier_archive_view_class_init (AtelierArchiveViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = atelier_archive_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelierarchiveview");
}

static void
atelier_archive_view_init (AtelierArchiveView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Folder"));

  self->names = g_ptr_array_new_with_free_func (g_free);
  self->page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->page), "package-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->page), _("Print Files"));

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Files in the export"), -1);
  gtk_box_append (GTK_BOX (box), self->list);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-folder");
  gtk_box_append (GTK_BOX (box), button);

  adw_status_page_set_child (ADW_STATUS_PAGE (self->page), box);
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
}

GtkWidget *
atelier_archive_view_new (void)
{
  return g_object_new (ATELIER_TYPE_ARCHIVE_VIEW, NULL);
}
