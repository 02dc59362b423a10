package org.npcoutcomes.plan.scale;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * treeAggregate with a fixed order of merging: each partition folds its chunks into one partial total,
 * and partial totals are merged in partition order, fanIn at a time on the executors while there are
 * more than fanIn of them, then on the driver. Floating-point sums then come out the same on every run
 * with the same partitioning, which Spark's treeAggregate (merging as tasks finish) does not promise.
 */
final class OrderedAggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Merges {@code other} into {@code into} and returns the merged total. */
  interface Merge<A> extends Function2<A, A, A> {}

  private final int fanIn;

  OrderedAggregation(int fanIn) {
    this.fanIn = fanIn;
  }

  <T, A extends Serializable> A aggregate(JavaRDD<T> rows, Function0<A> zero, Function2<A, T, A> add, Merge<A> merge)
      throws Exception {
    JavaRDD<A> partials = rows.mapPartitions(it -> {
      A acc = zero.call();
      while (it.hasNext()) {
        acc = add.call(acc, it.next());
      }
      return List.of(acc).iterator();
    });
    int width = fanIn;
    while (partials.getNumPartitions() > width) {
      int groups = (partials.getNumPartitions() + width - 1) / width;
      JavaPairRDD<Integer, Tuple2<Integer, A>> keyed = partials.mapPartitionsWithIndex(
          (index, it) -> tagged(index, width, it), true).mapToPair(t -> t);
      partials = keyed.groupByKey(new KeyIsPartition(groups)).values().map(parts -> mergeInOrder(parts, merge));
    }
    List<A> last = partials.collect();
    A total = zero.call();
    for (A a : last) {
      total = merge.call(total, a);
    }
    return total;
  }

  private static <A> Iterator<Tuple2<Integer, Tuple2<Integer, A>>> tagged(int index, int width, Iterator<A> it) {
    List<Tuple2<Integer, Tuple2<Integer, A>>> out = new ArrayList<>();
    it.forEachRemaining(a -> out.add(new Tuple2<>(index / width, new Tuple2<>(index, a))));
    return out.iterator();
  }

  private static <A> A mergeInOrder(Iterable<Tuple2<Integer, A>> parts, Merge<A> merge) throws Exception {
    List<Tuple2<Integer, A>> sorted = new ArrayList<>();
    parts.forEach(sorted::add);
    sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
    A total = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      total = merge.call(total, sorted.get(i)._2());
    }
    return total;
  }

  /** Key k goes to partition k, so that the merged totals stay in order. */
  private static final class KeyIsPartition extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    KeyIsPartition(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }
  }
}
