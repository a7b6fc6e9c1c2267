package dev.modelregistry.cli;

/**
 * The state of the registry each section of docs/RUNBOOK.md starts from, as shell set-up run
 * through the real command: a registry with risk_model v1.0.0 and then v1.1.0 promoted to
 * production and a backup of it, then the damage the section's symptom describes.
 */
final class RunbookStates {
  private RunbookStates() {}

  static final String BASE =
      """
      set -e
      registry init --principal ops@example.com >/dev/null
      printf 'metrics:\\n  ic: 0.05\\n  sharpe: 1.3\\ndataset_version_ids:\\n  crsp: v1.2.4\\n' > meta.yaml
      for v in v1.0.0 v1.1.0; do
        head -c 50000 /dev/urandom > "$v.bin"
        registry register --model risk_model --version "$v" --artifact "$v.bin" --metadata meta.yaml >/dev/null
        registry promote --model risk_model --version "$v" --reason "weekly retrain" >/dev/null
      done
      registry backup --output "$BACKUPS" >/dev/null
      """;

  /** What breaks before section {@code number}'s commands run. */
  static String damage(int number) {
    return switch (number) {
      // a byte of v1.0.0's stored artifact changed
      case 3 ->
          """
          f="$REGISTRY_URL/artifacts/sha256/$(sha256sum v1.0.0.bin | cut -c1-2)/$(sha256sum v1.0.0.bin | cut -c3-64)"
          chmod u+w "$f" && printf X | dd of="$f" bs=1 seek=100 conv=notrunc 2>/dev/null
          """;
      // a loose object of main deleted
      case 4 ->
          """
          o=$(git -C "$REGISTRY_URL" rev-parse 'main^{tree}')
          rm "$REGISTRY_URL/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-40)"
          """;
      // a commit on production made with plain Git, unsigned
      case 5 ->
          """
          c=$(git -C "$REGISTRY_URL" commit-tree -p production -m "hand edit" 'production^{tree}')
          git -C "$REGISTRY_URL" update-ref refs/heads/production "$c"
          """;
      // a new version, trained before the data team moved crsp to v1.3.0
      case 6 ->
          "head -c 50000 /dev/urandom > v1.2.0.bin && registry register --model risk_model"
              + " --version v1.2.0 --artifact v1.2.0.bin --metadata meta.yaml >/dev/null\n";
      case 7 -> "git init -q --bare \"$MIRROR_URL\"\n";
      // the machine and its registry are gone; the backup location is left
      case 8 -> "rm -rf \"$REGISTRY_URL\"\n";
      default -> "";
    };
  }
}
