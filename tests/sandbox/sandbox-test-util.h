/* sandbox-test-util.h: a small HTTP client for the sandbox tests
 *
 * The sandbox runs on this thread's main context, so requests are async
 * and the helpers spin the context until the answer arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "atelier-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
} TestReply;

typedef struct
{
  AtelierSandbox *sandbox;
  SoupSession    *session;
  char           *base;      /* http://127.0.0.1:PORT */
  /* Sent as ATELIER_SANDBOX_KEY_HEADER on /_sandbox/… paths when not NULL;
   * the sandbox's own key after setup. */
  const char     *control_key;
} TestFixture;

void        test_fixture_setup    (TestFixture   *fixture,
                                   gconstpointer  data);
void        test_fixture_teardown (TestFixture   *fixture,
                                   gconstpointer  data);

/* @path is appended to the API base unless it starts with "http". */
TestReply  *test_request          (TestFixture   *fixture,
                                   const char    *method,
                                   const char    *path,
                                   const char    *token,
                                   const char    *content_type,
                                   GBytes        *body,
                                   SoupMessageFlags flags);
TestReply  *test_get              (TestFixture   *fixture,
                                   const char    *path,
                                   const char    *token);
TestReply  *test_post_json        (TestFixture   *fixture,
                                   const char    *path,
                                   const char    *token,
                                   const char    *json);
void        test_reply_free       (TestReply     *reply);
JsonObject *test_reply_object     (TestReply     *reply);
void        test_wait             (guint          ms);
GdkPixbuf  *test_decode_image     (GBytes        *bytes);
/* Asserts no request that arrived on the CDN listener carried a token. */
void        test_assert_no_token_on_cdn (AtelierSandbox *sandbox);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestReply, test_reply_free)

#define TOKEN ATELIER_SANDBOX_TOKEN

G_END_DECLS
