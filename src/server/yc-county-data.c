/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-county-data"

#include "config.h"

#include <string.h>

#include "yc-county-data.h"
#include "yc-http.h"

static void
county_data_clear (gpointer data)
{
  YcCountyData *self = data;

  g_clear_object (&self->catalogue);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->catalogue_json, g_bytes_unref);
  g_free (self->catalogue_etag);
}

YcCountyData *
yc_county_data_ref (YcCountyData *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
yc_county_data_unref (YcCountyData *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, county_data_clear);
}

static JsonNode *
parse (const char *json,
       GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static gint
compare_version (gconstpointer a,
                 gconstpointer b)
{
  const YcCatalogueRecord *ra = *(YcCatalogueRecord *const *) a;
  const YcCatalogueRecord *rb = *(YcCatalogueRecord *const *) b;
  int c = strcmp (ra->code, rb->code);

  if (c != 0)
    return c;
  return ra->version < rb->version ? -1 : ra->version > rb->version;
}

static gboolean
build_catalogue (YcCatalogue *catalogue,
                 GPtrArray   *records,
                 guint       *n_items,
                 GError     **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  g_autoptr (GPtrArray) later = g_ptr_array_new ();
  g_autofree char *text = NULL;
  const char *kinds[] = { "department", "township", "window" };
  const char *arrays[] = { "departments", "townships", "windows" };

  json_builder_begin_object (b);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      json_builder_set_member_name (b, arrays[k]);
      json_builder_begin_array (b);
      for (guint i = 0; i < records->len; i++)
        {
          YcCatalogueRecord *r = g_ptr_array_index (records, i);
          JsonNode *node;

          if (!g_str_equal (r->kind, kinds[k]))
            continue;
          if ((node = parse (r->json, error)) == NULL)
            return FALSE;
          json_builder_add_value (b, node);
        }
      json_builder_end_array (b);
    }

  /* The document holds one version per item (the oldest); newer ones are added after. */
  for (guint i = 0; i < records->len; i++)
    {
      YcCatalogueRecord *r = g_ptr_array_index (records, i);

      if (g_str_equal (r->kind, "item"))
        g_ptr_array_add (items, r);
    }
  g_ptr_array_sort (items, compare_version);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      YcCatalogueRecord *r = g_ptr_array_index (items, i);
      JsonNode *node;

      if (i > 0 && g_str_equal (r->code, ((YcCatalogueRecord *) items->pdata[i - 1])->code))
        {
          g_ptr_array_add (later, r);
          continue;
        }
      if ((node = parse (r->json, error)) == NULL)
        return FALSE;
      json_builder_add_value (b, node);
      (*n_items)++;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = yc_json_to_string (root);
  if (!yc_catalogue_load_data (catalogue, text, -1, error))
    return FALSE;

  for (guint i = 0; i < later->len; i++)
    {
      YcCatalogueRecord *r = g_ptr_array_index (later, i);
      g_autoptr (JsonNode) node = parse (r->json, error);
      g_autoptr (YcItem) item = NULL;

      if (node == NULL || (item = yc_item_from_json (node, error)) == NULL ||
          !yc_catalogue_add_item (catalogue, item, error))
        return FALSE;
    }
  return TRUE;
}

YcCountyData *
yc_county_data_load (YcStore *store,
                     GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) years = NULL;
  g_autoptr (JsonNode) catalogue_node = NULL;
  YcCountyData *self = g_atomic_rc_box_new0 (YcCountyData);
  g_autofree char *sha = NULL;
  char *text;

  self->catalogue = yc_catalogue_new ();
  self->calendar = yc_calendar_new ();

  if ((records = yc_store_catalogue_list (store, error)) == NULL ||
      !build_catalogue (self->catalogue, records, &self->n_items, error))
    goto fail;

  if ((years = yc_store_calendar_list (store, error)) == NULL)
    goto fail;
  for (guint i = 0; i + 1 < years->len; i += 2)
    {
      const char *json = g_ptr_array_index (years, i + 1);

      if (!yc_calendar_load_data (self->calendar, json, -1, error))
        goto fail;
    }

  catalogue_node = yc_catalogue_to_json (self->catalogue);
  text = yc_json_to_string (catalogue_node);
  self->catalogue_json = g_bytes_new_take (text, strlen (text));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->catalogue_json);
  self->catalogue_etag = g_strdup_printf ("\"%s\"", sha);
  return self;

fail:
  yc_county_data_unref (self);
  return NULL;
}
