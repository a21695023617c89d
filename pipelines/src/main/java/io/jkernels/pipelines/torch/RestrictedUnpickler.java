package io.jkernels.pipelines.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * A pickle reader that can only build plain data: the pickle opcodes for primitives, strings, bytes, lists, tuples,
 * dicts and sets are Razorvine's; every opcode that names or calls Python code is taken over here. A global is
 * accepted only from {@link #ALLOWED} (torch's tensor rebuild function, its storage type tags, OrderedDict), and is
 * never a callable object: it is a tag that {@code REDUCE} turns into a tensor or a dict. {@code INST}, {@code OBJ},
 * {@code NEWOBJ}, {@code NEWOBJ_EX} and the extension registry are refused, as is {@code BUILD} on anything but a
 * dict (torch's OrderedDict {@code _metadata}, which is dropped). Nothing pickled is ever executed.
 */
final class RestrictedUnpickler extends Unpickler {
  /** The globals a torch tensor file or state dict needs; anything else is refused by name. */
  static final Set<String> ALLOWED = Set.of("torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
      "collections.OrderedDict", "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage",
      "torch.BFloat16Storage");
  private static final int MAX_LINE = 256;

  /** An allowed global, as a tag. */
  record Global(String name) {}

  /** A storage reference (BINPERSID): torch's ('storage', type, key, location, numel). */
  record StorageRef(String dtype, String key, long numel) {}

  /** A tensor before its storage bytes are read: storage, element offset, shape, strides. */
  record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {}

  private final String file;

  RestrictedUnpickler(String file) {
    this.file = file;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = line();
        String name = line();
        stack.add(global(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw refuse("STACK_GLOBAL without two strings");
        }
        stack.add(global(m, n));
        return NO_RETURN_VALUE;
      }
      case Opcodes.REDUCE -> {
        Object args = stack.pop();
        Object callable = stack.pop();
        stack.add(reduce(callable, args));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        stack.pop(); // the state: for an OrderedDict, torch's _metadata, which a reader does not need
        if (!(stack.peek() instanceof Map<?, ?>)) {
          throw refuse("BUILD on " + describe(stack.peek()) + " (only plain dicts are accepted)");
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.INST, Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX, Opcodes.EXT1, Opcodes.EXT2,
          Opcodes.EXT4, Opcodes.PERSID -> throw refuse("opcode " + key + " (it builds arbitrary objects)");
      default -> {
        return super.dispatch(key);
      }
    }
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (pid instanceof Object[] t && t.length == 5 && "storage".equals(t[0]) && t[1] instanceof Global type
        && t[2] instanceof String storageKey && t[4] instanceof Number numel) {
      String dtype = type.name().substring("torch.".length(), type.name().length() - "Storage".length());
      return new StorageRef(dtype, storageKey, numel.longValue());
    }
    throw refuse("a persistent id that is not a torch storage reference");
  }

  private Global global(String module, String name) {
    String qualified = module + "." + name;
    if (!ALLOWED.contains(qualified)) {
      throw refuse("global " + qualified + " (only " + String.join(", ", new java.util.TreeSet<>(ALLOWED))
          + " are accepted: the file may hold code, which is never run)");
    }
    return new Global(qualified);
  }

  private Object reduce(Object callable, Object args) {
    if (!(callable instanceof Global g) || !(args instanceof Object[] a)) {
      throw refuse("REDUCE of " + describe(callable) + " (only allow-listed globals can be applied)");
    }
    switch (g.name()) {
      case "collections.OrderedDict" -> {
        if (a.length != 0) {
          throw refuse("OrderedDict with arguments");
        }
        return new java.util.LinkedHashMap<Object, Object>();
      }
      case "torch._utils._rebuild_tensor_v2" -> {
        if (a.length < 4 || !(a[0] instanceof StorageRef storage) || !(a[1] instanceof Number offset)) {
          throw refuse("_rebuild_tensor_v2 with arguments " + describe(args));
        }
        return new TensorRef(storage, offset.longValue(), longs(a[2]), longs(a[3]));
      }
      case "torch._utils._rebuild_parameter" -> {
        if (a.length < 1 || !(a[0] instanceof TensorRef tensor)) {
          throw refuse("_rebuild_parameter without a tensor");
        }
        return tensor;
      }
      default -> throw refuse("REDUCE of " + g.name() + " (a type tag, not a function)");
    }
  }

  private long[] longs(Object tuple) {
    if (!(tuple instanceof Object[] t)) {
      throw refuse("a tensor size or stride that is not a tuple");
    }
    long[] out = new long[t.length];
    for (int i = 0; i < t.length; i++) {
      if (!(t[i] instanceof Number n) || n.longValue() < 0) {
        throw refuse("a tensor size or stride entry " + t[i]);
      }
      out[i] = n.longValue();
    }
    return out;
  }

  private String line() throws IOException {
    InputStream in = input;
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0 || sb.length() > MAX_LINE) {
        throw refuse("a GLOBAL name that does not end within " + MAX_LINE + " bytes");
      }
      sb.append((char) b);
    }
    return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static String describe(Object o) {
    return o == null ? "None" : o instanceof Object[] a ? "tuple of " + a.length : o.getClass().getSimpleName();
  }

  private PickleException refuse(String what) {
    return new PickleException(file + ": refused " + what);
  }
}
