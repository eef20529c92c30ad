package claimwatch.bench;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.queries.spans.FieldMaskingSpanQuery;
import org.apache.lucene.queries.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanOrQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Runs claimwatch's matching benchmark through Lucene Monitor.
 *
 * <p>Usage: {@code MonitorBench DIR MAX_CLAIMS [BATCH [grams|query]]}. Reads {@code topics.lucene} (the compiled
 * topics in prefix notation, written by the Rust generator) and {@code claims.tsv}; writes {@code
 * matches-lucene.tsv} and {@code stats-lucene.txt} in the same formats as the Rust runner.
 *
 * <p>claimwatch matches a query word or phrase by stems in the text's language. The generator
 * writes, per claim, each word's key ({@code <class>:<stem>}: the text's stemming language and the
 * word's stem in it, or {@code _:<word>} without a stemmer), indexed here in the {@code stems}
 * field at the word's position; and, per query word, its key in every class. A query word is the
 * disjunction of its keys, so it matches exactly when the stems are equal in the text's language.
 */
public final class MonitorBench {
  static final String TEXT = "text";
  static final String SPEAKER = "speaker";
  /** The stem key of each word of the text, at the word's position (see the class comment). */
  static final String STEMS = "stems";
  /** Fields holding every prefix of every word, at the word's position (see PrefixGrams). */
  static final String PREFIX = "_prefix";

  /**
   * How prefix terms are translated. {@code grams} (the default): a term query on a field of word
   * prefixes, which Monitor's term-filtered presearcher can index; {@code query}: a PrefixQuery,
   * which the presearcher cannot index, so such topics are tried against every claim.
   */
  static boolean prefixGrams = true;

  /** Emits every prefix of each word (by code point), all at the word's position. */
  static final class PrefixGrams extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private String word;
    private int end;

    PrefixGrams(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (word != null && end < word.length()) {
        end += Character.charCount(word.codePointAt(end));
        term.setEmpty().append(word, 0, end);
        posInc.setPositionIncrement(0);
        return true;
      }
      if (!input.incrementToken()) {
        return false;
      }
      word = term.toString();
      end = Character.charCount(word.codePointAt(0));
      term.setEmpty().append(word, 0, end);
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      word = null;
    }
  }

  /** Words as claimwatch sees them: maximal runs of letters and digits, lowercased per code point. */
  static final class WordTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private String text = "";
    private int pos;

    static boolean isWord(int cp) {
      if (Character.isAlphabetic(cp)) {
        return true;
      }
      int t = Character.getType(cp);
      return t == Character.DECIMAL_DIGIT_NUMBER
          || t == Character.LETTER_NUMBER
          || t == Character.OTHER_NUMBER;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[1024];
      Reader r = input;
      for (int n; (n = r.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      text = sb.toString();
      pos = 0;
    }

    @Override
    public boolean incrementToken() {
      clearAttributes();
      int n = text.length();
      while (pos < n && !isWord(text.codePointAt(pos))) {
        pos += Character.charCount(text.codePointAt(pos));
      }
      if (pos >= n) {
        return false;
      }
      int start = pos;
      term.setEmpty();
      while (pos < n) {
        int cp = text.codePointAt(pos);
        if (!isWord(cp)) {
          break;
        }
        term.append(new String(Character.toChars(Character.toLowerCase(cp))));
        pos += Character.charCount(cp);
      }
      offset.setOffset(correctOffset(start), correctOffset(pos));
      return true;
    }

    @Override
    public void end() throws IOException {
      super.end();
      int end = correctOffset(text.length());
      offset.setOffset(end, end);
    }
  }

  /** Space-separated tokens, as they are (the stem keys, written by the generator). */
  static final class SpaceTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private String text = "";
    private int pos;

    @Override
    public void reset() throws IOException {
      super.reset();
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[1024];
      for (int n; (n = input.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      text = sb.toString();
      pos = 0;
    }

    @Override
    public boolean incrementToken() {
      clearAttributes();
      int n = text.length();
      while (pos < n && text.charAt(pos) == ' ') {
        pos++;
      }
      if (pos >= n) {
        return false;
      }
      int start = pos;
      while (pos < n && text.charAt(pos) != ' ') {
        pos++;
      }
      term.setEmpty().append(text, start, pos);
      return true;
    }
  }

  static final class WordAnalyzer extends Analyzer {
    WordAnalyzer() {
      // Components differ by field: they must not be shared between fields.
      super(PER_FIELD_REUSE_STRATEGY);
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      if (field.equals(STEMS)) {
        return new TokenStreamComponents(new SpaceTokenizer());
      }
      WordTokenizer words = new WordTokenizer();
      if (field.endsWith(PREFIX)) {
        return new TokenStreamComponents(words, new PrefixGrams(words));
      }
      return new TokenStreamComponents(words);
    }
  }

  /** Reads one topic in prefix notation (see bench_matching.rs). */
  static final class QueryReader {
    private final String[] t;
    private int i;

    QueryReader(String s) {
      t = s.trim().split(" ");
    }

    String next() {
      return t[i++];
    }

    int count() {
      return Integer.parseInt(next());
    }

    String[] words(int n) {
      String[] w = new String[n];
      for (int k = 0; k < n; k++) {
        w[k] = next();
      }
      return w;
    }

    static Query allBut(Query q) {
      return new BooleanQuery.Builder()
          .add(new MatchAllDocsQuery(), Occur.FILTER)
          .add(q, Occur.MUST_NOT)
          .build();
    }

    Query node() {
      String op = next();
      switch (op) {
        case "AND": {
          int n = count();
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          boolean positive = false;
          for (int k = 0; k < n; k++) {
            if (t[i].equals("NOT")) {
              next();
              b.add(node(), Occur.MUST_NOT);
            } else {
              b.add(node(), Occur.FILTER);
              positive = true;
            }
          }
          if (!positive) {
            b.add(new MatchAllDocsQuery(), Occur.FILTER);
          }
          return b.build();
        }
        case "OR": {
          int n = count();
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          for (int k = 0; k < n; k++) {
            b.add(node(), Occur.SHOULD);
          }
          return b.build();
        }
        case "NOT":
          return allBut(node());
        case "NEAR": {
          int slop = count();
          SpanQuery a = span();
          SpanQuery b = span();
          return new SpanNearQuery(new SpanQuery[] {a, b}, slop, false);
        }
        case "ENT":
          return new TermQuery(new Term("entity", next()));
        case "LANG":
          return new TermQuery(new Term("lang", next()));
        case "SRC":
          return new TermQuery(new Term("source", next()));
        case "TAG":
          return new TermQuery(new Term("tag", next()));
        case "HEDGED":
          return new TermQuery(new Term("hedged", next()));
        default:
          if (op.startsWith("SPK_")) {
            return text(SPEAKER, op.substring(4));
          }
          return stemmed(op);
      }
    }

    Query text(String field, String kind) {
      switch (kind) {
        case "W":
          return new TermQuery(new Term(field, next()));
        case "P":
          if (prefixGrams) {
            return new TermQuery(new Term(field + PREFIX, next()));
          }
          return new PrefixQuery(new Term(field, next()));
        case "PH":
          return new PhraseQuery(field, words(count()));
        default:
          throw new IllegalArgumentException("unknown node " + kind);
      }
    }

    /** A word or phrase of the claim text (by stem keys), or a prefix (by lowercase words). */
    Query stemmed(String kind) {
      switch (kind) {
        case "W": {
          String[] keys = words(count());
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          for (String k : keys) {
            b.add(new TermQuery(new Term(STEMS, k)), Occur.SHOULD);
          }
          return b.build();
        }
        case "P":
          return text(TEXT, kind);
        case "PH": {
          int n = count();
          int classes = count();
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          for (int c = 0; c < classes; c++) {
            b.add(new PhraseQuery(STEMS, words(n)), Occur.SHOULD);
          }
          return b.build();
        }
        default:
          throw new IllegalArgumentException("unknown node " + kind);
      }
    }

    /** A text pattern inside NEAR, as spans of the stems field (prefix spans masked to it). */
    SpanQuery span() {
      String kind = next();
      switch (kind) {
        case "W": {
          String[] keys = words(count());
          SpanQuery[] alts = new SpanQuery[keys.length];
          for (int k = 0; k < keys.length; k++) {
            alts[k] = new SpanTermQuery(new Term(STEMS, keys[k]));
          }
          return new SpanOrQuery(alts);
        }
        case "P":
          if (prefixGrams) {
            return new FieldMaskingSpanQuery(new SpanTermQuery(new Term(TEXT + PREFIX, next())), STEMS);
          }
          return new FieldMaskingSpanQuery(
              new SpanMultiTermQueryWrapper<>(new PrefixQuery(new Term(TEXT, next()))), STEMS);
        case "PH": {
          int n = count();
          int classes = count();
          SpanQuery[] alts = new SpanQuery[classes];
          for (int c = 0; c < classes; c++) {
            String[] w = words(n);
            SpanQuery[] parts = new SpanQuery[n];
            for (int k = 0; k < n; k++) {
              parts[k] = new SpanTermQuery(new Term(STEMS, w[k]));
            }
            alts[c] = new SpanNearQuery(parts, 0, true);
          }
          return new SpanOrQuery(alts);
        }
        default:
          throw new IllegalArgumentException("unknown span " + kind);
      }
    }
  }

  static String norm(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  static Document claim(String line) {
    String[] f = line.split("\t", -1);
    Document d = new Document();
    if (f.length < 8) {
      throw new IllegalArgumentException("claim line without stem keys (regenerate the data)");
    }
    d.add(new TextField(STEMS, f[7], Field.Store.NO));
    if (prefixGrams) {
      d.add(new TextField(TEXT + PREFIX, f[0], Field.Store.NO));
    } else {
      d.add(new TextField(TEXT, f[0], Field.Store.NO));
    }
    for (String e : f[1].split(",")) {
      if (!e.isEmpty()) {
        d.add(new StringField("entity", norm(e), Field.Store.NO));
      }
    }
    if (!f[2].isEmpty()) {
      d.add(new TextField(SPEAKER, f[2], Field.Store.NO));
      if (prefixGrams) {
        d.add(new TextField(SPEAKER + PREFIX, f[2], Field.Store.NO));
      }
    }
    if (!f[3].isEmpty()) {
      d.add(new StringField("lang", norm(f[3]), Field.Store.NO));
    }
    if (!f[4].isEmpty()) {
      d.add(new StringField("source", norm(f[4]), Field.Store.NO));
    }
    d.add(new StringField("hedged", f[5].equals("1") ? "true" : "false", Field.Store.NO));
    for (String tag : f[6].split(",")) {
      if (!tag.isEmpty()) {
        d.add(new StringField("tag", norm(tag), Field.Store.NO));
      }
    }
    return d;
  }

  /** Queries Monitor ran (its presearcher's candidates), over all calls of {@link #run}. */
  static long queriesRun;

  /** Match docs[0..n) in batches; returns the sorted topic indices per claim. */
  static int[][] run(Monitor monitor, List<Document> docs, int n, int batch) throws IOException {
    int[][] out = new int[n][];
    for (int start = 0; start < n; start += batch) {
      int end = Math.min(n, start + batch);
      if (end - start == 1) {
        MatchingQueries<QueryMatch> m = monitor.match(docs.get(start), QueryMatch.SIMPLE_MATCHER);
        out[start] = ids(m.getMatches());
        queriesRun += m.getQueriesRun();
      } else {
        Document[] group = docs.subList(start, end).toArray(new Document[0]);
        MultiMatchingQueries<QueryMatch> m = monitor.match(group, QueryMatch.SIMPLE_MATCHER);
        for (int k = start; k < end; k++) {
          out[k] = ids(m.getMatches(k - start));
        }
        queriesRun += m.getQueriesRun();
      }
    }
    return out;
  }

  static int[] ids(Collection<QueryMatch> matches) {
    int[] ids = new int[matches.size()];
    int k = 0;
    for (QueryMatch m : matches) {
      ids[k++] = Integer.parseInt(m.getQueryId());
    }
    Arrays.sort(ids);
    return ids;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int max = Integer.parseInt(args[1]);
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    prefixGrams = !(args.length > 3 && args[3].equals("query"));
    BooleanQuery.setMaxClauseCount(1 << 16);

    List<MonitorQuery> queries = new ArrayList<>();
    int idx = 0;
    for (String line : Files.readAllLines(dir.resolve("topics.lucene"), StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", 2);
      queries.add(new MonitorQuery(Integer.toString(idx++), new QueryReader(parts[1]).node()));
    }
    long b0 = System.nanoTime();
    Monitor monitor = new Monitor(new WordAnalyzer());
    monitor.register(queries);
    double build = (System.nanoTime() - b0) / 1e9;

    List<Document> docs = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("claims.tsv"), StandardCharsets.UTF_8)) {
      if (docs.size() >= max) {
        break;
      }
      docs.add(claim(line));
    }

    // Warm up (JIT, caches) on a tenth of the claims, then time a full pass.
    run(monitor, docs, Math.max(1, docs.size() / 10), batch);
    // The rate is by wall time (run.sh pins the JVM, GC and JIT threads included, to one core,
    // as it does the Rust runner); the matching thread's CPU time is reported beside it.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    queriesRun = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    int[][] result = run(monitor, docs, docs.size(), batch);
    double wall = (System.nanoTime() - w0) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double cpuRate = cpu > 0 ? docs.size() / cpu : 0;

    StringBuilder sb = new StringBuilder();
    long total = 0;
    for (int c = 0; c < result.length; c++) {
      if (result[c].length == 0) {
        continue;
      }
      total += result[c].length;
      sb.append(c).append('\t');
      for (int k = 0; k < result[c].length; k++) {
        if (k > 0) {
          sb.append(',');
        }
        sb.append(result[c][k]);
      }
      sb.append('\n');
    }
    Files.writeString(dir.resolve("matches-lucene.tsv"), sb.toString(), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("stats-lucene.txt"),
        String.format(
            Locale.ROOT,
            "%d %f %.3f %d %.3f %f%n",
            docs.size(),
            docs.size() / wall,
            wall,
            total,
            build,
            cpuRate));
    System.err.printf(
        Locale.ROOT,
        "lucene: %d claims in %.2fs wall (%.2f thread CPU-s), %.0f claims/s wall, %.0f claims/s CPU, %d matches (register %.2fs, batch %d, prefixes as %s, %.1f candidate queries run per claim)%n",
        docs.size(),
        wall,
        cpu,
        docs.size() / wall,
        cpuRate,
        total,
        build,
        batch,
        prefixGrams ? "grams" : "queries",
        (double) queriesRun / docs.size());
    monitor.close();
  }
}
