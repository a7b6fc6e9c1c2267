// Registers a model with the library, then flips one byte of the stored artifact.
import dev.modelregistry.git.Registry
import java.nio.file.Files

def artifact = new File(basedir, 'model.bin').toPath()
byte[] bytes = new byte[8192]
new Random(42).nextBytes(bytes)
Files.write(artifact, bytes)
def registry = Registry.openOrInit(new File(basedir, 'registry').path)
try {
  def stored = registry.register().model('risk_model').version('v1.0.0').artifact(artifact).call()
  def file = stored.storedAt().toFile()
  file.setWritable(true)
  byte[] b = file.bytes
  b[100] = (byte) (b[100] ^ 1)
  file.bytes = b
  new File(basedir, 'expected-sha256.txt').text = stored.pointer().sha256().hex()
} finally {
  registry.close()
}
return true
