"""A stand-in for `terraform output -raw NAME`, for testing scripts/test-rotation.sh: the outputs
come from the JSON object in $STUB_TERRAFORM_OUTPUTS. A missing output fails, as Terraform does."""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import json
import os


def main(argv):
    if len(argv) != 3 or argv[:2] != ["output", "-raw"]:
        print("stub terraform: the test double does not know: terraform %s" % " ".join(argv), file=sys.stderr)
        return 1
    with open(os.environ["STUB_TERRAFORM_OUTPUTS"]) as f:
        outputs = json.load(f)
    if argv[2] not in outputs:
        print('Error: Output "%s" not found' % argv[2], file=sys.stderr)
        return 1
    sys.stdout.write(outputs[argv[2]])  # -raw: the value, no newline
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
