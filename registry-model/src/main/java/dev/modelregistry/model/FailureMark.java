package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** The content of {@code failed.yaml}: why a version was marked failed, by whom, when. */
@JsonPropertyOrder({"reason", "by", "at"})
public record FailureMark(
    @JsonProperty(value = "reason", required = true) String reason,
    @JsonProperty(value = "by", required = true) String by,
    @JsonProperty(value = "at", required = true) Instant at) {

  public FailureMark {
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("A failure mark needs a reason: say why the version failed.");
    }
  }
}
