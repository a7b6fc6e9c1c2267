def log = new File(basedir, 'build.log').text
def expected = new File(basedir, 'expected-sha256.txt').text.trim()
assert log.contains('BUILD FAILURE')
assert log.contains("expected sha256 ${expected}")
assert log =~ /found\s+sha256 [0-9a-f]{64}/
assert log.contains('Refused (nothing was written)') && log.contains('registry-maven-plugin:rollback') && log.contains('install -m 444 <good copy> ')
return true
