def log = new File(basedir, 'build.log').text
assert log.contains('Promoted risk_model v1.0.0 to production as ops@example.com')
assert log =~ /Promotion of risk_model v1\.1\.0 to production refused: 1 of 5 gates failed/
assert log =~ /FAIL metric sharpe\s+0\.3\s+needs > 0\.5/
assert log.contains('A rollback needs a reason')
assert log.contains('Dry run: would roll back risk_model in production: v1.2.0 -> v1.0.0')
assert log.contains('Rolled back risk_model in production: v1.2.0 -> v1.0.0')
assert log =~ /At 2999-01-01T00:00:00Z production ran risk_model v1\.0\.0/
assert log =~ /risk_model\s+v1\.0\.0\s+\S+\s+ops@example\.com/
assert log.contains('No previous version found')

// the git command line verifies every production commit against the registry's trusted signers
def registry = new File(basedir, 'registry')
def allowed = new File(basedir, 'allowed_signers')
def policy = ['git', '-C', registry.path, 'show', 'main:registry.yaml'].execute().text
allowed.text = (policy =~ /- "([^"]+)"/).collect { it[1] }.join('\n') + '\n'
def p = ['git', '-C', registry.path, '-c', "gpg.ssh.allowedSignersFile=${allowed.path}", 'log', '--format=%G? %GS', 'production'].execute()
def sigs = p.text.readLines()
assert p.waitFor() == 0
assert sigs.size() == 3 && sigs.every { it == 'G ops@example.com' } : sigs
return true
