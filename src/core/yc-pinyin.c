/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pinyin initials for the item picker ("gtgsh" finds 个体工商户设立登记), without an external
 * library: GB2312 orders its 3,755 level-1 characters by pinyin, so a table of 23 boundaries
 * gives their initials; the 3,008 level-2 characters are ordered by radical and get one letter
 * each from a string below; a short table covers characters outside GB2312 and a phrase table
 * the polyphones (多音字) whose reading in catalogue names differs from GB2312's place. */
#define G_LOG_DOMAIN "yc-pinyin"

#include "config.h"

#include <string.h>

#include "yc-catalogue.h"

/* First GB2312 code of each initial in level 1 (0xB0A1–0xD7F9); no i, u or v start. */
static const struct
{
  guint16 first;
  char    initial;
} level1[] = {
  { 0xB0A1, 'a' }, { 0xB0C5, 'b' }, { 0xB2C1, 'c' }, { 0xB4EE, 'd' }, { 0xB6EA, 'e' },
  { 0xB7A2, 'f' }, { 0xB8C1, 'g' }, { 0xB9FE, 'h' }, { 0xBBF7, 'j' }, { 0xBFA6, 'k' },
  { 0xC0AC, 'l' }, { 0xC2E8, 'm' }, { 0xC4C3, 'n' }, { 0xC5B6, 'o' }, { 0xC5BE, 'p' },
  { 0xC6DA, 'q' }, { 0xC8BB, 'r' }, { 0xC8F6, 's' }, { 0xCBFA, 't' }, { 0xCDDA, 'w' },
  { 0xCEF4, 'x' }, { 0xD1B9, 'y' }, { 0xD4D1, 'z' },
};
#define LEVEL1_LAST 0xD7F9

/* Level 2, rows 0xD8–0xF7 × columns 0xA1–0xFE, in code order: the initial of each character's
 * customary reading (Unicode Unihan kMandarin, first value). */
static const char level2[32 * 94 + 1] =
  "cjwgnspgcgnegypbtyyzdxykygtzjnmjqmbsgzscyjsyyfpgkbzgydywjkgkljswkpjqhyjwrdzlsgmrypywwcckznkyyg"
  "ttnjjeykkzytcjnmcylqlypyqfqrpzslwbtgkjfyxjwzltbncxjjjjtxdttsqzycdxxhgckbphffsstybgmxlpbyllbhlx"
  "smzmyjhsojnghdzqyklgjhsgqzhxqgkezzwyscscjxyeyxadzpmdssmzjzqjyzcjjfwqjbdzbxgznzcpwhkxhqkmwfbpby"
  "dtjzzkqhylygxfptyjyyzpszlfchmqshgmxxsxjyqdcsbbqbefsjyhwwgzkpylqbgldlcctnmayddkssngycsgxlyzaypn"
  "ptsdkdylhgymylcxpycjndqjwqqxfyyfjlejpzrxccqwqqsbzkymgplbmjrqcflnymyqmsqtrbcjthztqfrxqhxmjjcjlx"
  "xgjmshzkbswyemyltxfsydsglycjqxsjnqbsctyhbftdcyjdjwyghqfrxwckqkxebptlpxjzsrmebwhjlbjslyysmdxlcl"
  "qkxlhxjrzjmfqhxhwywsbhtrxxglhqhfnmgykldyxzpylggsmtcfpajjzyljtyanjgbjplqgdzyqyaxbkysecjsznslyzh"
  "zxlzcghpxzhznytdsbcjkdlzyyfwydlebbgqyzkggldndnyskjshdlyxbcghxypkdjmmzngmmclgwzszxzjfznmlzzthcs"
  "ydbdllscddnlkjykjsycjlkohqasdknhcsganhdaashtcplcpqybsdmpjlpcjoqlcdhjjysprchnwjnlhlyyqyhwzptczg"
  "wwmzffjqqqqyxaclbhkdjxdgmmydjxzllsygxgkjrywzwyclzmssjzldbydcfcxyhlxchyzjqsqqagmnyxpfrkssbjlyxy"
  "syglnscmhcwwmnzjjlxxhchsyzsttxrycyxbyhcsmxjsznpwgpxxtaybgajcxlyxdccwzocwkccsbnhcpdyznfcyytyckx"
  "kybsqkkytqqxfcwchcykelzqbsqyjqcclmthsywhmktlkjlycxwheqqhtqhqpqsqscfymmdmgbwhwlgsllystlmlxpthmj"
  "hwljzyhzjxhtxjlhxrswlwzjcbxmhzqxsdzpmgfcsglsxymjshxpjxwmyqksmyplrthbxftpmhyxlchlhlzylxgsssstcl"
  "sldclrpbhzhxyyfhbmgdmycnqqwlqhjjcywjzyejjdhpblqxtqkwhlchqxagtlxljxmsljhtzkzjecxjcjnmfbycsfywyb"
  "jzgnysdzsqyrsljpclpwxsdwejbjcbcnaytwgmpapclyqpclzxsbnmsggfnzjjbzsfzyndxhplqkzczwalsbccjxsyzgwk"
  "ypsgxfzfcdkhjgxtlqfsgdslqwzkxtmhsbgzmjzrglyjbpmlmsxlzjqqhzyjczydjwbwjklddpmjegxyhylxhlqyqhkycw"
  "cjmyyxnatjhyccxzpcqlbzwwytwbqcmlpmyrjcccxfpznzzljplxxyztzlgdldcklyrzzgqtgjhhgjljaxfgfjzslcfdqz"
  "lclgjdjzsnzlljpjqdcclcjxmyzftsxgcgsbrzxjqqctzhgyqtjqqlzxjylylbcyamcstylpdjbyregklzyzhlyszqlznw"
  "czcllwjqjjjkdgjzolbbzppglghtgzxyjhzmycnqcycyhbhgxkamtxyxnbskyzzgjzlqjdfcjxdygjqjjpmgwgjjjpkqsb"
  "gbmmcjssclpqpdxcdyykypcjddyygywrhjrtgznyqldkljszzgzqzjgdykshpzmtlcpwnjyfyzdjcnmwescyglbtzcgmss"
  "llyxysxsbsjsbbsgghfjlypmzjnlyywdqshzxtyywhmcyhywdbxbtlmsyyyfsxjcbdxxlhjhfssxzqhfzmzcztqcxzxrtt"
  "djhnnyzqqmtqdmmgyydxmjgdhcdyzbffallztdltfxmxqzdngwqdbdcdjdxbzgsqqddjcmbkzffxmkdmdsyyszcmljdsyn"
  "sprskmkmpcklgtbqtfzswtfgglyplljzhgjjgypzltcsmcnbtjbqfkthbyzgkpbbymtdssxtbnpdkleycjnyddykzddhqh"
  "sdzsctarlltkzlgecllkjlqjaqnbdkkghpjtzqksecshalqfmmgjnlyjbbtmlyzxdcjpldlpcqdhzycbzsczbzmsljflkr"
  "zjsnfrgjhxpdhyjybzgdlqcsezgxlblgyxtwmabchecmwyjyzlljjyhlgndjlslygkdzpzxjyyzlwcxszfgwyydlyhcljs"
  "cmbjhblyzlycblydpdqysxqzbytdkyxjyycnrjmpdqgklcljbctbjddbblblczqrppxjcjlzcshltoljnmdddlngkathqh"
  "jhykheznmshrphqqjchgmfprxhjgdychghlyrzqlcyqjnzsqtkqjymszswlcfqqqxyfggyptqwlmcrnfkkfsyylqbmqamm"
  "myxctpshcptxxzzsmphpshmclmldqfyqxszyjdjjzzhqpdszglstjbckbxyqzysgpsxqzqzrqtbdkyxzkhhgflbcsmdldg"
  "dzdblzyycxnncsybzbfglzzxswmsccmqnjqsbdqsjtxxmbltxzclzshzcxrqjgjylxzfjphymzqqydfqjjlzznzjsdgzyg"
  "ctxmzysctlkphtxhtlbjxjlxscdqxcbbtjfqzfsltjbtkqbxxjjljchczdbzjdczjdcprnmqcjpfczlclzxzdmxmphjsgz"
  "gszzqjylwtjpfsyaxmcjbtzkycwmytzsjjlqcqlwzmalbxyfbpnlsfhtgjwejjxxglljstgshjqlzfkcgnndszfdeqfhbs"
  "aqtgylbxmmygszldydqmjjrgbjtkgdhgkblqkbdmbylxwcxyttybkmrtjzxqjbhlmhmjjzmqasldcyxyqdlqcafywyxqhz";

/* Characters outside GB2312 that occur in names (GBK and later), by code point. */
static const struct
{
  gunichar c;
  char     initial;
} extra[] = {
  { 0x3007, 'l' },               /* 〇 */
};

/* Phrases whose reading here differs from the character's place in GB2312: 行 is filed
 * under xíng, but 特种行业 is hángyè; 给 under gěi, but 给付 is jǐfù. Longest match first is
 * not needed: no phrase is a prefix of another. */
static const struct
{
  const char *phrase;
  const char *initials;
} phrases[] = {
  { "行业", "hy" },  { "银行", "yh" },  { "商行", "sh" },  { "车行", "ch" },
  { "给付", "jf" },  { "供给", "gj" },  { "补给", "bj" },  { "自给", "zj" },
  { "会计", "kj" },
  { "重新", "cx" },  { "重复", "cf" },  { "重建", "cj" },  { "重组", "cz" },  { "重名", "cm" },
  { "重置", "cz" },  { "重叠", "cd" },
  { "增长", "zz" },  { "生长", "sz" },  { "成长", "cz" },  { "校长", "xz" },  { "县长", "xz" },
  { "乡长", "xz" },  { "镇长", "zz" },  { "村长", "cz" },  { "组长", "zz" },  { "局长", "jz" },
  { "科长", "kz" },  { "院长", "yz" },  { "厂长", "cz" },  { "站长", "zz" },  { "所长", "sz" },
  { "园长", "yz" },  { "船长", "cz" },  { "家长", "jz" },  { "部长", "bz" },  { "队长", "dz" },
  { "调整", "tz" },  { "调解", "tj" },  { "调剂", "tj" },  { "调配", "tp" },  { "调节", "tj" },
  { "校准", "jz" },  { "校验", "jy" },  { "校核", "jh" },  { "校对", "jd" },
  { "牲畜", "sc" },  { "家畜", "jc" },  { "大厦", "ds" },  { "西藏", "xz" },  { "音乐", "yy" },
  { "便宜", "py" },  { "人参", "rs" },
};

static char
initial_of_gb (guint code)
{
  if (code >= level1[0].first && code <= LEVEL1_LAST)
    {
      char initial = level1[0].initial;

      for (guint i = 1; i < G_N_ELEMENTS (level1) && code >= level1[i].first; i++)
        initial = level1[i].initial;
      return initial;
    }

  if (code >= 0xD8A1 && code <= 0xF7FE && (code & 0xFF) >= 0xA1 && (code & 0xFF) <= 0xFE)
    return level2[((code >> 8) - 0xD8) * 94 + (code & 0xFF) - 0xA1];

  return '\0';
}

static char
initial_of_char (GIConv   converter,
                 gunichar c)
{
  char in[6];
  guchar out[4];
  char *inbuf = in;
  char *outbuf = (char *) out;
  gsize inleft = g_unichar_to_utf8 (c, in);
  gsize outleft = sizeof out;

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      if (extra[i].c == c)
        return extra[i].initial;
    }

  if (converter == (GIConv) -1)
    return '\0';

  /* GB18030 encodes every code point; two bytes in the GB2312 area mean level 1 or 2. */
  g_iconv (converter, NULL, NULL, NULL, NULL);
  if (g_iconv (converter, &inbuf, &inleft, &outbuf, &outleft) == (gsize) -1
      || sizeof out - outleft != 2)
    return '\0';

  return initial_of_gb (((guint) out[0] << 8) | out[1]);
}

static const char *
match_phrase (const char *p,
              gsize      *phrase_len)
{
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      gsize len = strlen (phrases[i].phrase);

      if (strncmp (p, phrases[i].phrase, len) == 0)
        {
          *phrase_len = len;
          return phrases[i].initials;
        }
    }

  return NULL;
}

char *
yc_pinyin_initials (const char *utf8)
{
  g_autofree char *valid = NULL;
  g_autofree char *normal = NULL;
  GString *initials;
  GIConv converter;

  g_return_val_if_fail (utf8 != NULL, NULL);

  /* NFKC folds full-width letters and digits (ＧＢ２) into ASCII. */
  valid = g_utf8_make_valid (utf8, -1);
  normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  initials = g_string_sized_new (strlen (normal) / 3 + 1);
  converter = g_iconv_open ("GB18030", "UTF-8");

  for (const char *p = normal; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);
      const char *phrase;
      gsize len;

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            g_string_append_c (initials, g_ascii_tolower (c));
          p++;
          continue;
        }

      if ((phrase = match_phrase (p, &len)) != NULL)
        {
          g_string_append (initials, phrase);
          p += len;
          continue;
        }

      if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        {
          char initial = initial_of_char (converter, c);

          if (initial != '\0')
            g_string_append_c (initials, initial);
        }
      p = g_utf8_next_char (p);
    }

  if (converter != (GIConv) -1)
    g_iconv_close (converter);

  return g_string_free (initials, FALSE);
}
