/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SQLite 3.40 writes a WAL frame as two calls: walWriteOneFrame () hands walWriteToLog () the
 * 24-byte frame header, then the page at the offset right after it. For files opened with
 * SQLITE_OPEN_WAL this VFS keeps a 24-byte write pending and sends it together with the
 * adjacent write that follows, in one xWrite of the VFS beneath. The WAL's own header is
 * 32 bytes and passes as it is. walRewriteChecksums () (a commit that changed frames it had
 * already written) reads each whole frame and writes its header back alone, at the offset it
 * just read: such a write passes as it is too, since the last of them may be the commit's
 * last write (at synchronous=NORMAL nothing follows it on this file).
 *
 * The invariant: a pending header is written before this file does anything else. A write
 * elsewhere, and every other method (read, size, truncate, sync, locks, file controls, close),
 * first writes it and fails with its error if that write fails. So once an xWrite returned,
 * the bytes are in the file as far as any later call can tell; walFrames () syncs and appends
 * the frames to the wal-index (walIndexAppend ()) only after all its frame writes returned,
 * the last of which is always a page, so no reader and no checkpoint can see a frame whose
 * header is not in the file. Other files (database, journals) use the VFS beneath as they are:
 * they are opened in place, with its own methods. */
#define G_LOG_DOMAIN "yc-sqlite-vfs"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-sqlite-vfs.h"

#define FRAME_HEADER_SIZE 24
#define DEFAULT_VFS_NAME "yc-unix"

typedef struct
{
  sqlite3_file   base;
  sqlite3_file  *real;     /* right after this struct, in the space SQLite gave us */
  sqlite3_int64  pending_offset;
  gboolean       pending;
  guint8        *buffer;   /* the pending header, then the page written with it */
  size_t         buffer_size;
  sqlite3_int64  read_offset;
  gboolean       read_last; /* the last call was an xRead at read_offset */
} WalFile;

#define REAL_VFS(vfs) ((sqlite3_vfs *) (vfs)->pAppData)
#define REAL(file) (((WalFile *) (file))->real)

/* WAL files --------------------------------------------------------------------------------- */

static int
flush_pending (WalFile *self)
{
  self->read_last = FALSE;
  if (!self->pending)
    return SQLITE_OK;
  /* Whatever comes of it, the header is no longer ours to hold: an error goes back to SQLite
   * from the call that flushed it, which fails the transaction. */
  self->pending = FALSE;
  return self->real->pMethods->xWrite (self->real, self->buffer, FRAME_HEADER_SIZE,
                                       self->pending_offset);
}

/* For the methods that have no way to report an error: a header they cannot write stays
 * pending, and the next call that can fail reports it. */
static void
flush_pending_or_keep (WalFile *self)
{
  if (flush_pending (self) != SQLITE_OK)
    self->pending = TRUE;
}

#define FLUSH_OR_RETURN(file) \
  G_STMT_START { \
    int flush_rc_ = flush_pending ((WalFile *) (file)); \
    if (flush_rc_ != SQLITE_OK) \
      return flush_rc_; \
  } G_STMT_END

static gboolean
ensure_buffer (WalFile *self,
               size_t   size)
{
  guint8 *grown;

  if (self->buffer_size >= size)
    return TRUE;
  if ((grown = g_try_realloc (self->buffer, size)) == NULL)
    return FALSE;
  self->buffer = grown;
  self->buffer_size = size;
  return TRUE;
}

static int
wal_close (sqlite3_file *file)
{
  WalFile *self = (WalFile *) file;
  int rc = flush_pending (self);
  int close_rc = self->real->pMethods->xClose (self->real);

  g_clear_pointer (&self->buffer, g_free);
  self->buffer_size = 0;
  return rc != SQLITE_OK ? rc : close_rc;
}

static int
wal_read (sqlite3_file  *file,
          void          *data,
          int            amount,
          sqlite3_int64  offset)
{
  WalFile *self = (WalFile *) file;

  FLUSH_OR_RETURN (self);
  self->read_offset = offset;
  self->read_last = TRUE;
  return self->real->pMethods->xRead (self->real, data, amount, offset);
}

static int
wal_write (sqlite3_file  *file,
           const void    *data,
           int            amount,
           sqlite3_int64  offset)
{
  WalFile *self = (WalFile *) file;
  gboolean rewrite = self->read_last && offset == self->read_offset;

  self->read_last = FALSE;
  if (self->pending && offset == self->pending_offset + FRAME_HEADER_SIZE && amount > 0 &&
      ensure_buffer (self, FRAME_HEADER_SIZE + (size_t) amount))
    {
      memcpy (self->buffer + FRAME_HEADER_SIZE, data, amount);
      self->pending = FALSE;
      return self->real->pMethods->xWrite (self->real, self->buffer, FRAME_HEADER_SIZE + amount,
                                           self->pending_offset);
    }
  FLUSH_OR_RETURN (self);
  if (amount == FRAME_HEADER_SIZE && !rewrite && ensure_buffer (self, FRAME_HEADER_SIZE))
    {
      memcpy (self->buffer, data, FRAME_HEADER_SIZE);
      self->pending_offset = offset;
      self->pending = TRUE;
      return SQLITE_OK;
    }
  return self->real->pMethods->xWrite (self->real, data, amount, offset);
}

static int
wal_truncate (sqlite3_file  *file,
              sqlite3_int64  size)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
wal_sync (sqlite3_file *file,
          int           flags)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
wal_file_size (sqlite3_file  *file,
               sqlite3_int64 *size)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
wal_lock (sqlite3_file *file,
          int           lock)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
wal_unlock (sqlite3_file *file,
            int           lock)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
wal_check_reserved_lock (sqlite3_file *file,
                         int          *reserved)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), reserved);
}

static int
wal_file_control (sqlite3_file *file,
                  int           op,
                  void         *arg)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
wal_sector_size (sqlite3_file *file)
{
  flush_pending_or_keep ((WalFile *) file);
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
wal_device_characteristics (sqlite3_file *file)
{
  flush_pending_or_keep ((WalFile *) file);
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
wal_shm_map (sqlite3_file  *file,
             int            region,
             int            size,
             int            extend,
             void volatile **map)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, map);
}

static int
wal_shm_lock (sqlite3_file *file,
              int           offset,
              int           n,
              int           flags)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
wal_shm_barrier (sqlite3_file *file)
{
  flush_pending_or_keep ((WalFile *) file);
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
wal_shm_unmap (sqlite3_file *file,
               int           delete_flag)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
wal_fetch (sqlite3_file   *file,
           sqlite3_int64   offset,
           int             amount,
           void          **page)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, page);
}

static int
wal_unfetch (sqlite3_file  *file,
             sqlite3_int64  offset,
             void          *page)
{
  FLUSH_OR_RETURN (file);
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

/* Indexed by the real file's iVersion - 1: only what the file beneath has. */
#define WAL_METHODS_V1(version) \
  version, wal_close, wal_read, wal_write, wal_truncate, wal_sync, wal_file_size, wal_lock, \
  wal_unlock, wal_check_reserved_lock, wal_file_control, wal_sector_size, \
  wal_device_characteristics
static const sqlite3_io_methods wal_methods[] = {
  { WAL_METHODS_V1 (1), NULL, NULL, NULL, NULL, NULL, NULL },
  { WAL_METHODS_V1 (2), wal_shm_map, wal_shm_lock, wal_shm_barrier, wal_shm_unmap, NULL, NULL },
  { WAL_METHODS_V1 (3), wal_shm_map, wal_shm_lock, wal_shm_barrier, wal_shm_unmap, wal_fetch,
    wal_unfetch },
};

/* The VFS ----------------------------------------------------------------------------------- */

static int
vfs_open (sqlite3_vfs  *vfs,
          const char   *name,
          sqlite3_file *file,
          int           flags,
          int          *out_flags)
{
  sqlite3_vfs *real_vfs = REAL_VFS (vfs);
  WalFile *self = (WalFile *) file;
  int rc;

  /* Everything but the log is the real file itself, in place, with its own methods. */
  if ((flags & SQLITE_OPEN_WAL) == 0)
    return real_vfs->xOpen (real_vfs, name, file, flags, out_flags);

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) (self + 1);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK || self->real->pMethods == NULL)
    {
      self->base.pMethods = NULL;
      return rc;
    }
  self->base.pMethods = &wal_methods[CLAMP (self->real->pMethods->iVersion, 1, 3) - 1];
  return SQLITE_OK;
}

static int
vfs_delete (sqlite3_vfs *vfs,
            const char  *name,
            int          sync_dir)
{
  return REAL_VFS (vfs)->xDelete (REAL_VFS (vfs), name, sync_dir);
}

static int
vfs_access (sqlite3_vfs *vfs,
            const char  *name,
            int          flags,
            int         *result)
{
  return REAL_VFS (vfs)->xAccess (REAL_VFS (vfs), name, flags, result);
}

static int
vfs_full_pathname (sqlite3_vfs *vfs,
                   const char  *name,
                   int          size,
                   char        *out)
{
  return REAL_VFS (vfs)->xFullPathname (REAL_VFS (vfs), name, size, out);
}

static void *
vfs_dl_open (sqlite3_vfs *vfs,
             const char  *path)
{
  return REAL_VFS (vfs)->xDlOpen (REAL_VFS (vfs), path);
}

static void
vfs_dl_error (sqlite3_vfs *vfs,
              int          size,
              char        *message)
{
  REAL_VFS (vfs)->xDlError (REAL_VFS (vfs), size, message);
}

static void (*vfs_dl_sym (sqlite3_vfs *vfs,
                          void        *handle,
                          const char  *symbol)) (void)
{
  return REAL_VFS (vfs)->xDlSym (REAL_VFS (vfs), handle, symbol);
}

static void
vfs_dl_close (sqlite3_vfs *vfs,
              void        *handle)
{
  REAL_VFS (vfs)->xDlClose (REAL_VFS (vfs), handle);
}

static int
vfs_randomness (sqlite3_vfs *vfs,
                int          size,
                char        *out)
{
  return REAL_VFS (vfs)->xRandomness (REAL_VFS (vfs), size, out);
}

static int
vfs_sleep (sqlite3_vfs *vfs,
           int          microseconds)
{
  return REAL_VFS (vfs)->xSleep (REAL_VFS (vfs), microseconds);
}

static int
vfs_current_time (sqlite3_vfs *vfs,
                  double      *now)
{
  return REAL_VFS (vfs)->xCurrentTime (REAL_VFS (vfs), now);
}

static int
vfs_get_last_error (sqlite3_vfs *vfs,
                    int          size,
                    char        *out)
{
  return REAL_VFS (vfs)->xGetLastError (REAL_VFS (vfs), size, out);
}

static int
vfs_current_time_int64 (sqlite3_vfs   *vfs,
                        sqlite3_int64 *now)
{
  return REAL_VFS (vfs)->xCurrentTimeInt64 (REAL_VFS (vfs), now);
}

static int
vfs_set_system_call (sqlite3_vfs         *vfs,
                     const char          *name,
                     sqlite3_syscall_ptr  call)
{
  return REAL_VFS (vfs)->xSetSystemCall (REAL_VFS (vfs), name, call);
}

static sqlite3_syscall_ptr
vfs_get_system_call (sqlite3_vfs *vfs,
                     const char  *name)
{
  return REAL_VFS (vfs)->xGetSystemCall (REAL_VFS (vfs), name);
}

static const char *
vfs_next_system_call (sqlite3_vfs *vfs,
                      const char  *name)
{
  return REAL_VFS (vfs)->xNextSystemCall (REAL_VFS (vfs), name);
}

int
yc_sqlite_vfs_register (const char *name,
                        const char *base)
{
  sqlite3_vfs *real_vfs;
  sqlite3_vfs *vfs;
  int rc;

  g_return_val_if_fail (name != NULL, SQLITE_MISUSE);

  if ((rc = sqlite3_initialize ()) != SQLITE_OK)
    return rc;
  if ((real_vfs = sqlite3_vfs_find (base)) == NULL)
    return SQLITE_NOTFOUND;

  /* Lives as long as the process: SQLite keeps the pointer in its list of VFSes. */
  vfs = g_new0 (sqlite3_vfs, 1);
  vfs->iVersion = MIN (real_vfs->iVersion, 3);
  vfs->szOsFile = (int) sizeof (WalFile) + real_vfs->szOsFile;
  vfs->mxPathname = real_vfs->mxPathname;
  vfs->zName = g_strdup (name);
  vfs->pAppData = real_vfs;
  vfs->xOpen = vfs_open;
  vfs->xDelete = vfs_delete;
  vfs->xAccess = vfs_access;
  vfs->xFullPathname = vfs_full_pathname;
  vfs->xDlOpen = real_vfs->xDlOpen != NULL ? vfs_dl_open : NULL;
  vfs->xDlError = real_vfs->xDlError != NULL ? vfs_dl_error : NULL;
  vfs->xDlSym = real_vfs->xDlSym != NULL ? vfs_dl_sym : NULL;
  vfs->xDlClose = real_vfs->xDlClose != NULL ? vfs_dl_close : NULL;
  vfs->xRandomness = vfs_randomness;
  vfs->xSleep = vfs_sleep;
  vfs->xCurrentTime = vfs_current_time;
  vfs->xGetLastError = vfs_get_last_error;
  if (vfs->iVersion >= 2)
    vfs->xCurrentTimeInt64 = real_vfs->xCurrentTimeInt64 != NULL ? vfs_current_time_int64
                                                                  : NULL;
  if (vfs->iVersion >= 3)
    {
      vfs->xSetSystemCall = real_vfs->xSetSystemCall != NULL ? vfs_set_system_call : NULL;
      vfs->xGetSystemCall = real_vfs->xGetSystemCall != NULL ? vfs_get_system_call : NULL;
      vfs->xNextSystemCall = real_vfs->xNextSystemCall != NULL ? vfs_next_system_call : NULL;
    }

  if ((rc = sqlite3_vfs_register (vfs, 0)) != SQLITE_OK)
    {
      g_free ((char *) vfs->zName);
      g_free (vfs);
    }
  return rc;
}

static gpointer
register_default (gpointer data)
{
  int rc = yc_sqlite_vfs_register (DEFAULT_VFS_NAME, NULL);

  /* Opening through a VFS that is not there fails with SQLite's own error; say why here. */
  if (rc != SQLITE_OK)
    g_warning ("Cannot register the SQLite VFS %s: %s", DEFAULT_VFS_NAME, sqlite3_errstr (rc));
  return NULL;
}

const char *
yc_sqlite_vfs_name (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_default, NULL);
  return DEFAULT_VFS_NAME;
}
