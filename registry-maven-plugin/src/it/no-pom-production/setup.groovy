// A registry whose trusted signer is a key made here, with three versions; v1.1.0 misses the sharpe gate.
import dev.modelregistry.git.*
import dev.modelregistry.model.Policy
import java.nio.file.Files

def key = new File(basedir, 'keys/ops').toPath()
def pub = SshKeys.generateEd25519(key, 'ops@example.com')
def policy = Policy.defaults([TrustedSigners.line('ops@example.com', pub)])
def registry = Registry.init(new File(basedir, 'registry').path, policy, null, CommitSigner.sshKey(key))
try {
  [['v1.0.0', 1.2], ['v1.1.0', 0.3], ['v1.2.0', 1.5]].each { v, sharpe ->
    def dir = new File(basedir, "in/$v").toPath()
    Files.createDirectories(dir)
    def artifact = Files.writeString(dir.resolve('model.json'), "{\"version\": \"$v\"}")
    def meta = Files.writeString(dir.resolve('metadata.yaml'), "metrics: {ic: 0.05, sharpe: $sharpe}\n")
    registry.register().model('risk_model').version(v).artifact(artifact).metadataFile(meta).call()
  }
} finally {
  registry.close()
}
return true
