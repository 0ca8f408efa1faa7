/* atelier-sandbox-private.h: what the sandbox's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "atelier-sandbox.h"

G_BEGIN_DECLS

/* Past this, the oldest results leave the CDN store (their links answer
 * 404, as an expired link would), so a long offline session stays small. */
#define ATELIER_SANDBOX_CDN_CAP (256u * 1024 * 1024)

/* Request bodies: at most this much per request (endpoints that take
 * images: the larger one), and at most the budget across all requests being
 * received or handled at once. A body over its cap is refused with 413
 * before or while it arrives, never kept whole. */
#define ATELIER_SANDBOX_BODY_CAP        (1u << 20)
#define ATELIER_SANDBOX_IMAGE_BODY_CAP  (64u << 20)
#define ATELIER_SANDBOX_BODY_BUDGET     (256u << 20)
/* What a refused body may still send before the sandbox stops reading that
 * connection. It is thrown away as it comes (no memory), and reading it
 * lets a client that does not wait for "100 Continue" (libsoup's does not)
 * see the 413 rather than a reset connection. */
#define ATELIER_SANDBOX_DRAIN_CAP       (1u << 30)

/* Input images (edits, image3d uploads) larger than this many pixels are
 * refused before they are decoded. */
#define ATELIER_SANDBOX_MAX_PIXELS      (4096u * 4096u)

/* Results are rendered at most this large on their longest edge (aspect
 * kept), so a sandbox job stays fast whatever size is asked for. */
#define ATELIER_SANDBOX_MAX_EDGE 1024

/* A prompt containing this word is refused by moderation (OpenAI 400
 * moderation_blocked, Core3D 422, Style DNA 400). */
#define ATELIER_SANDBOX_REFUSED_WORD "forbidden"
/* A prompt containing this word makes an asynchronous job end failed
 * (Core3D "error", image3d "failed", Style DNA "failed"). */
#define ATELIER_SANDBOX_FAIL_WORD    "sandbox-fail"

typedef enum
{
  ATELIER_SANDBOX_DIALECT_OPENAI,
  ATELIER_SANDBOX_DIALECT_CORE3D,
  ATELIER_SANDBOX_DIALECT_IMAGE3D,
  ATELIER_SANDBOX_DIALECT_STYLEDNA,
  ATELIER_SANDBOX_DIALECT_CDN,
  ATELIER_SANDBOX_DIALECT_CONTROL,
} AtelierSandboxDialect;

typedef struct _AtelierSandboxTask AtelierSandboxTask;

struct _AtelierSandbox
{
  GObject     parent_instance;

  SoupServer *api;
  SoupServer *cdn;
  guint       port;
  guint       cdn_port;
  guint       job_duration_ms;
  guint       stream_interval_ms;
  gint64      balance;
  guint       image3d_concurrency;  /* 0: unlimited */
  char       *secret;      /* signs presigned URLs */
  char       *control_key; /* wanted on /_sandbox/… (ATELIER_SANDBOX_KEY_HEADER) */
  gsize       body_bytes;  /* request bodies held now, against the budget */
  gsize       body_budget; /* ATELIER_SANDBOX_BODY_BUDGET; tests lower it */

  GPtrArray  *faults;      /* FaultEntry */
  GPtrArray  *requests;    /* AtelierSandboxRequest, rc-boxed */
  GHashTable *blobs;       /* CDN name → Blob */
  GQueue      blob_order;  /* evictable names, oldest first */
  gsize       blob_bytes;  /* size of the evictable blobs */
  gsize       blob_cap;    /* ATELIER_SANDBOX_CDN_CAP; tests lower it */

  GHashTable *core3d_generations;
  GHashTable *core3d_uploads;
  GHashTable *image3d_tasks;
  GHashTable *styledna_artworks;
};

/* One request in flight; lives as long as its message. */
typedef struct
{
  AtelierSandbox        *sandbox;   /* owned */
  SoupServerMessage     *msg;       /* borrowed: the context is the message's data */
  char                  *method;
  char                  *path;
  GHashTable            *query;
  AtelierSandboxRequest *record;    /* rc-boxed, owned; NULL for control requests */
  GBytes                *body;      /* the request body once read, never NULL then */
  AtelierSandboxDialect  dialect;
  gboolean               cdn;       /* arrived on the CDN listener */
  gboolean               paused;
  gboolean               finished;
} AtelierSandboxCtx;

/* atelier-sandbox-http.c */
AtelierSandboxDialect _atelier_sandbox_dialect_for_path (const char *path);
void        _atelier_sandbox_ctx_pause     (AtelierSandboxCtx *ctx);
void        _atelier_sandbox_ctx_resume    (AtelierSandboxCtx *ctx);
/* Keeps the message (and so @ctx) alive across a delay. */
AtelierSandboxCtx *_atelier_sandbox_ctx_ref   (AtelierSandboxCtx *ctx);
void        _atelier_sandbox_ctx_unref     (AtelierSandboxCtx *ctx);
void        _atelier_sandbox_respond       (AtelierSandboxCtx *ctx,
                                            guint              status,
                                            const char        *content_type,
                                            GBytes            *body);
/* Takes @node. */
void        _atelier_sandbox_respond_json  (AtelierSandboxCtx *ctx,
                                            guint              status,
                                            JsonNode          *node);
void        _atelier_sandbox_respond_error (AtelierSandboxCtx *ctx,
                                            guint              status,
                                            const char        *message,
                                            const char        *param,
                                            const char        *code);
gboolean    _atelier_sandbox_check_auth    (AtelierSandboxCtx *ctx);

/* A request on a collection (one path segment, e.g. POST /v1/generations),
 * answered by @handler once the token is checked. */
typedef struct
{
  const char *method;
  const char *collection;
  void      (*handler) (AtelierSandboxCtx *ctx);
} AtelierSandboxRoute;

/* Answers @parts (@n of them) from @routes and returns TRUE when one
 * matches; FALSE (nothing answered) otherwise. */
gboolean    _atelier_sandbox_route_collection (AtelierSandboxCtx         *ctx,
                                               char                     **parts,
                                               guint                      n,
                                               const AtelierSandboxRoute *routes,
                                               gsize                      n_routes);
/* Parses the body (atelier_json_parse: bounded depth and size) as a JSON
 * object or answers 400 and returns NULL. */
JsonObject *_atelier_sandbox_read_json     (AtelierSandboxCtx *ctx);
/* Decodes a PNG, JPEG or WebP input no larger than ATELIER_SANDBOX_MAX_PIXELS;
 * the size is read from the header first. Any thread. */
GdkPixbuf  *_atelier_sandbox_decode_image  (GBytes            *bytes,
                                            GError           **error);
gboolean    _atelier_sandbox_is_refused    (const char *prompt);
char       *_atelier_sandbox_iso8601_now   (void);
void        _atelier_sandbox_cap_size      (guint *width,
                                            guint *height);

/* atelier-sandbox.c */
char       *_atelier_sandbox_url_for_port  (guint               port,
                                            const char         *service_id);
gboolean    _atelier_sandbox_take_fault    (AtelierSandbox      *self,
                                            const char          *method,
                                            const char          *path,
                                            AtelierSandboxFault *fault);

/* atelier-sandbox-control.c */
/* FALSE (and answered 401 or 403) unless the request carries the key. */
gboolean    _atelier_sandbox_control_check_key (AtelierSandboxCtx *ctx);
void        _atelier_sandbox_control       (AtelierSandboxCtx *ctx);

/* Whether a part soup_multipart_new_from_message() made lies inside @body
 * (libsoup 3.2 can make one that does not; atelier-sandbox-openai.c). */
gboolean    _atelier_sandbox_part_within   (GBytes            *part,
                                            GBytes            *body);

/* atelier-sandbox-body.c: request bodies, capped before and while they
 * arrive. _begin() runs when the headers are in (it may answer 413 or 503
 * at once, or throws the body away when @discard: the request was already
 * answered); _take() hands the body over once it is complete. */
gsize       _atelier_sandbox_body_cap      (const char        *method,
                                            const char        *path);
void        _atelier_sandbox_body_begin    (AtelierSandboxCtx *ctx,
                                            gboolean           discard);
GBytes     *_atelier_sandbox_body_take     (AtelierSandboxCtx *ctx);

/* atelier-sandbox-faults.c */
gboolean    _atelier_sandbox_apply_fault   (AtelierSandboxCtx *ctx);
gboolean    _atelier_sandbox_parse_fault   (JsonObject          *object,
                                            char               **match,
                                            AtelierSandboxFault *fault,
                                            guint               *times,
                                            GError             **error);
void        _atelier_sandbox_route         (AtelierSandboxCtx *ctx);

/* atelier-sandbox-cdn.c */
void        _atelier_sandbox_cdn_init      (AtelierSandbox *self);
void        _atelier_sandbox_cdn_clear     (AtelierSandbox *self);
/* Stores @bytes for download (evictable); returns the name under /cdn/ and
 * /presigned/. _publish_named() stores a blob that is never evicted. */
char       *_atelier_sandbox_publish       (AtelierSandbox *self,
                                            GBytes         *bytes,
                                            const char     *content_type,
                                            const char     *extension);
void        _atelier_sandbox_publish_named (AtelierSandbox *self,
                                            const char     *name,
                                            GBytes         *bytes,
                                            const char     *content_type);
/* A page whose first download adds @credits to the image3d balance. */
void        _atelier_sandbox_publish_checkout (AtelierSandbox *self,
                                               const char     *name,
                                               GBytes         *page,
                                               gint64          credits);
/* Borrowed, or NULL. */
GBytes     *_atelier_sandbox_lookup_blob   (AtelierSandbox *self,
                                            const char     *name);
char       *_atelier_sandbox_cdn_url       (AtelierSandbox *self,
                                            const char     *name);
char       *_atelier_sandbox_presigned_url (AtelierSandbox *self,
                                            const char     *name,
                                            guint           lifetime_s);
void        _atelier_sandbox_cdn_serve     (AtelierSandboxCtx *ctx);

/* atelier-sandbox-task.c: a job that advances pending → running → done
 * over the job duration while a worker thread renders its results. */
typedef enum
{
  ATELIER_SANDBOX_TASK_PENDING,
  ATELIER_SANDBOX_TASK_RUNNING,
  ATELIER_SANDBOX_TASK_DONE,
  ATELIER_SANDBOX_TASK_FAILED,
  ATELIER_SANDBOX_TASK_CANCELED,
} AtelierSandboxTaskState;

/* Runs in a worker thread; returns GBytes results. */
typedef GPtrArray *(*AtelierSandboxRenderFunc) (gpointer   data,
                                                GError   **error);
typedef void       (*AtelierSandboxTaskReady)  (AtelierSandboxCtx  *ctx,
                                                AtelierSandboxTask *task);

AtelierSandboxTask *_atelier_sandbox_task_new     (AtelierSandbox          *self,
                                                   const char              *content_type,
                                                   const char              *extension,
                                                   const char              *fail_message,
                                                   AtelierSandboxRenderFunc render,
                                                   gpointer                 data,
                                                   GDestroyNotify           destroy);
AtelierSandboxTask *_atelier_sandbox_task_ref     (AtelierSandboxTask *task);
void                _atelier_sandbox_task_unref   (AtelierSandboxTask *task);
const char         *_atelier_sandbox_task_get_id  (AtelierSandboxTask *task);
AtelierSandboxTaskState _atelier_sandbox_task_get_state (AtelierSandboxTask *task,
                                                         double             *progress);
/* Time since submission as a share of the job duration (may exceed 1). */
double              _atelier_sandbox_task_get_elapsed (AtelierSandboxTask *task);
/* CDN names of the results once done (borrowed). */
GPtrArray          *_atelier_sandbox_task_get_names (AtelierSandboxTask *task);
const char         *_atelier_sandbox_task_get_error (AtelierSandboxTask *task);
gboolean            _atelier_sandbox_task_cancel  (AtelierSandboxTask *task);
/* Pauses @ctx and calls @ready once the results exist and @delay_ms passed. */
void                _atelier_sandbox_task_wait    (AtelierSandboxTask      *task,
                                                   AtelierSandboxCtx       *ctx,
                                                   guint                    delay_ms,
                                                   AtelierSandboxTaskReady  ready);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierSandboxTask, _atelier_sandbox_task_unref)

/* The dialects: each returns FALSE when the path is not one of its own. */
void     _atelier_sandbox_core3d_init     (AtelierSandbox *self);
void     _atelier_sandbox_image3d_init    (AtelierSandbox *self);
void     _atelier_sandbox_styledna_init   (AtelierSandbox *self);
gboolean _atelier_sandbox_openai_route    (AtelierSandboxCtx *ctx);
gboolean _atelier_sandbox_core3d_route    (AtelierSandboxCtx *ctx);
gboolean _atelier_sandbox_image3d_route   (AtelierSandboxCtx *ctx);
gboolean _atelier_sandbox_styledna_route  (AtelierSandboxCtx *ctx);

/* atelier-sandbox-firebase.c: reached through the image3d dialect. */
typedef enum
{
  ATELIER_SANDBOX_ID_TOKEN_UNKNOWN,  /* not one it issued */
  ATELIER_SANDBOX_ID_TOKEN_VALID,
  ATELIER_SANDBOX_ID_TOKEN_EXPIRED,
} AtelierSandboxIdToken;

gboolean              _atelier_sandbox_firebase_route (AtelierSandboxCtx *ctx);
AtelierSandboxIdToken _atelier_sandbox_firebase_check (AtelierSandbox    *self,
                                                       const char        *authorization);

G_END_DECLS
