package dev.modelregistry.git.errors;

import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.RegistryRefusedException;
import java.util.List;

/** A promotion was refused by its gates; nothing was written. */
public class GateFailedException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final transient List<GateResult> results;

  public GateFailedException(String message, List<GateResult> results) {
    super(message);
    this.results = List.copyOf(results);
  }

  /** Every gate's verdict. */
  public List<GateResult> results() {
    return results;
  }
}
