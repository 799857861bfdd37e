/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-seal-codec"

#include "config.h"

#include <string.h>
#include <tiffio.h>

#include "yc-seal-codec.h"

/* A growing file in memory, for libtiff. */
typedef struct
{
  GByteArray *bytes;
  toff_t      offset;
} MemoryFile;

static tsize_t
memory_read (thandle_t handle,
             tdata_t   data,
             tsize_t   size)
{
  MemoryFile *f = handle;
  tsize_t n = f->offset >= f->bytes->len ? 0 : MIN (size, (tsize_t) (f->bytes->len - f->offset));

  memcpy (data, f->bytes->data + f->offset, n);
  f->offset += n;
  return n;
}

static tsize_t
memory_write (thandle_t handle,
              tdata_t   data,
              tsize_t   size)
{
  MemoryFile *f = handle;

  if (f->offset + size > f->bytes->len)
    g_byte_array_set_size (f->bytes, f->offset + size);
  memcpy (f->bytes->data + f->offset, data, size);
  f->offset += size;
  return size;
}

static toff_t
memory_seek (thandle_t handle,
             toff_t    offset,
             int       whence)
{
  MemoryFile *f = handle;

  if (whence == SEEK_CUR)
    offset += f->offset;
  else if (whence == SEEK_END)
    offset += f->bytes->len;
  f->offset = offset;
  return offset;
}

static int
memory_close (thandle_t handle)
{
  return 0;
}

static toff_t
memory_size (thandle_t handle)
{
  return ((MemoryFile *) handle)->bytes->len;
}

static TIFF *
memory_open (MemoryFile *f,
             const char *mode)
{
  f->offset = 0;
  /* "m": no memory mapping, the callbacks are the file. */
  return TIFFClientOpen ("seal", mode, f, memory_read, memory_write, memory_seek, memory_close,
                         memory_size, NULL, NULL);
}

GBytes *
yc_seal_codec_g4 (cairo_surface_t *image)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const unsigned char *data = cairo_image_surface_get_data (image);
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autofree unsigned char *row = g_malloc ((width + 7) / 8);
  MemoryFile f = { file, 0 };
  gboolean ok = TRUE;
  tsize_t size;
  TIFF *tiff;

  if ((tiff = memory_open (&f, "wm")) == NULL)
    return NULL;
  TIFFSetField (tiff, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tiff, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tiff, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tiff, TIFFTAG_ROWSPERSTRIP, height);
  TIFFSetField (tiff, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
  TIFFSetField (tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tiff, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
  TIFFSetField (tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  for (int y = 0; ok && y < height; y++)
    {
      /* cairo's A1 holds the leftmost pixel in the low bit on little-endian machines; TIFF
       * rows start at the high bit. */
      memset (row, 0, (width + 7) / 8);
      for (int x = 0; x < width; x++)
        {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          gboolean on = data[y * stride + x / 8] & (1 << (x % 8));
#else
          gboolean on = data[y * stride + x / 8] & (0x80 >> (x % 8));
#endif
          if (on)
            row[x / 8] |= 0x80 >> (x % 8);
        }
      ok = TIFFWriteScanline (tiff, row, y, 0) == 1;
    }
  TIFFClose (tiff);
  if (!ok || (tiff = memory_open (&f, "rm")) == NULL)
    return NULL;
  size = TIFFRawStripSize (tiff, 0);
  if (size > 0)
    {
      g_autofree unsigned char *code = g_malloc (size);

      if (TIFFReadRawStrip (tiff, 0, code, size) == size)
        {
          TIFFClose (tiff);
          return g_bytes_new_take (g_steal_pointer (&code), size);
        }
    }
  TIFFClose (tiff);
  return NULL;
}

